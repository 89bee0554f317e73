/**
 * Where optimizers report what DSPy prints or logs: `info` for summaries ("Bootstrapped 3 full
 * traces ..."), `error` for tolerated failures (a teacher run that raised). `console` fits.
 *
 * @example
 * new BootstrapFewShot({ metric, logger: console });
 */
export interface OptimizerLogger {
  info(message: string): void;
  error(message: string): void;
}

/**
 * The default: tolerated errors go to `console.error` (DSPy logs them too), summaries nowhere —
 * a library should not print on every compile.
 *
 * @example
 * new BootstrapFewShot({ logger: silentInfoLogger });
 */
export const silentInfoLogger: OptimizerLogger = Object.freeze({
  info: () => {},
  error: (message: string) => console.error(message),
});
