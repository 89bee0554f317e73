// A module that exports no `program`: the CLI must say so (exit 3).
export const something = 42;
