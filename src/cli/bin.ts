/** The `teleforge` process (bin/teleforge.js starts its bundle): runs the command line of this process. */
import { main } from './main.js';

await main();
