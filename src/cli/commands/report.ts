/** `teleforge report <dataset>`: one self-contained HTML file with charts of the dataset. */
import { basename, dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { formatBytes } from '../format.js';

export function reportCommand(yargs: Argv): Argv {
  return yargs.command(
    'report <dataset>',
    'Write a self-contained HTML report of a dataset: volumes, metrics, error rate and latency with every incident shaded, traces',
    (y) =>
      y
        .positional('dataset', { type: 'string', demandOption: true, describe: 'Dataset directory (holds summary.json)' })
        .option('out', { type: 'string', describe: 'HTML file to write (default: <dataset>/report.html)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result (file, bytes, seconds) as JSON' })
        .example('$0 report out/k8s-cluster', 'writes out/k8s-cluster/report.html')
        .example('$0 report out/social-network --out social.html', 'opens offline in any browser'),
    async (argv) => {
      const started = performance.now();
      const { buildReport } = await import('../../report/build.js');
      const { writeFileAtomic } = await import('../../sink/files.js');
      const out = resolve(argv.out ?? `${argv.dataset}/report.html`);
      const { html, sections } = await buildReport(argv.dataset);
      const { bytes } = await writeFileAtomic(dirname(out), basename(out), html);
      const seconds = (performance.now() - started) / 1000;
      const charts = sections.reduce((sum, section) => sum + section.charts.length, 0);
      process.stdout.write(
        argv.json
          ? `${JSON.stringify({ file: out, bytes, sections: sections.length, charts, seconds: Number(seconds.toFixed(2)) })}\n`
          : `${out}: ${sections.length} sections, ${charts} charts, ${formatBytes(bytes)} in ${seconds.toFixed(1)} s\n`,
      );
    },
  );
}
