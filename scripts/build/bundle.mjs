// Bundles the compiled package (dist/, from tsc) so that importing it loads a few files instead of
// hundreds: every subpath export and the CLI become entry points of one esbuild build with shared
// chunks (one instance of each class and of the settings store across all of them), written to
// dist/_bundle/. The public files (dist/index.js, dist/runtime/index.js, …, dist/cli/main.js)
// become one-line re-exports of their bundle; every other tsc output file stays, because worker
// threads (Pyodide, QuickJS) start from those files.
//
// Bundled code keeps each module's own `import.meta.url`: every `import.meta.url` is rewritten to
// the URL of the file it came from, computed from the bundle's location, so paths a module
// resolves next to itself (worker scripts, the bridge's proto) stay right.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "dist");
const bundleDir = join(dist, "_bundle");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

// "./dist/runtime/index.js" -> entry "runtime-index"; the CLI's bin too.
const publicFiles = [...Object.values(pkg.exports).map((entry) => entry.import), `./${pkg.bin["dspy-typescript"]}`];
const entries = publicFiles.map((file) => {
  const path = join(root, file);
  const name = relative(dist, path).replace(/\.js$/, "").split(sep).join("-");
  return { path, name };
});

const keepModuleUrls = {
  name: "keep-module-urls",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist + sep)) return undefined;
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return { contents: source, loader: "js" };
      // Every bundle file sits in dist/_bundle/, so "../<path in dist>" is the original module.
      const original = `../${relative(dist, args.path).split(sep).join("/")}`;
      const contents = source.replaceAll(
        "import.meta.url",
        `new URL(${JSON.stringify(original)}, import.meta.url).href`,
      );
      return { contents, loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

await build({
  entryPoints: entries.map(({ path, name }) => ({ in: path, out: name })),
  outdir: bundleDir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "external",
  chunkNames: "chunk-[hash]",
  plugins: [keepModuleUrls],
  logLevel: "warning",
});

for (const { path, name } of entries) {
  const target = relative(dirname(path), join(bundleDir, `${name}.js`))
    .split(sep)
    .join("/");
  const source = await readFile(path, "utf8");
  const shebang = source.startsWith("#!") ? `${source.split("\n", 1)[0]}\n` : "";
  // The CLI runs for its effect; the library entries re-export.
  const body = shebang ? `import "./${target}";\n` : `export * from "./${target}";\n`;
  await writeFile(path, `${shebang}${body}`);
}
console.log(`bundled ${entries.length} entry points into ${relative(root, bundleDir)}/`);
