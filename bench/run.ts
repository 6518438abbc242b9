// `npm run bench`: runs every bench/*.bench.ts in one process. Each prints ratios against a baseline it
// measures in the same run, never absolute thresholds.
import * as fs from 'fs';
import * as path from 'path';

async function main(): Promise<void> {
  const files = fs.readdirSync(__dirname).filter((f) => /\.bench\.ts$/.test(f)).sort();
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as { run(): Promise<void> };
    console.log(`\n## ${file.replace(/\.bench\.ts$/, '')}`);
    await mod.run();
  }
}

// Exits when done: a bench may leave a client's reconnect timer behind (the Redis store's, after its server stopped).
main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
