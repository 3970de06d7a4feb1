// The order the real engine starts in: PostgreSQL first (its database made and its schemas set up by Temporal's own
// SQL tool the first time, brought up to date by it on later starts), then the frontend alone, then every other
// service at once, then the Web UI server.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { childEnvironment } from '../child-environment';
import { writeOwnedFile } from '../owned-files';
import type { TemporalClusterOptions } from './config';
import {
  clusterFolderProblem,
  HISTORY_HOSTS,
  READY_FILE,
  SCHEMAS,
  SQL_PLUGIN,
  TEMPORAL_DATABASE,
  writeClusterConfiguration,
} from './config';
import type { PostgresProcess } from './postgres-process';
import type { ServiceProcess } from './service-process';

const run = promisify(execFile);

/** The processes of a cluster, as the start order needs them. */
export interface ClusterProcesses {
  database: PostgresProcess;
  frontend: ServiceProcess;
  /** Every Temporal service, the frontend included. */
  services: readonly ServiceProcess[];
  ui: ServiceProcess | undefined;
}

/** Starts it all, in order; `step` tells each stage as it begins. */
export async function startInOrder(
  processes: ClusterProcesses,
  options: TemporalClusterOptions,
  step: (text: string) => void,
): Promise<void> {
  const problem = clusterFolderProblem(options.folder);
  if (problem) throw new Error(problem);
  const { database, frontend, services, ui } = processes;
  await startDatabase(database, options, step);
  writeClusterConfiguration(options, database.connection.password, frontend.address);
  // The first Temporal process writes the cluster's metadata into the database; several at once race to, and all
  // but one fail.
  step('starting the frontend');
  await frontend.start();
  step(`starting matching, ${HISTORY_HOSTS} history hosts and the worker service`);
  await Promise.all(services.filter((service) => service !== frontend).map((service) => service.start()));
  if (ui) {
    step('starting the Web UI server');
    await ui.start();
  }
}

/**
 * The database, started: made the first time, and made again when that first start was cut short (its folder
 * marked ready only once its schemas are set up, before any service ran: until then it holds nothing to keep).
 * A database kept from earlier runs gets the schema updates of this Temporal Server.
 */
async function startDatabase(
  database: PostgresProcess,
  options: TemporalClusterOptions,
  step: (text: string) => void,
): Promise<void> {
  const sqlTool = (name: string, command: string[]) =>
    runSqlTool(options.executables.sqlTool, database, name, command);
  const ready = path.join(options.folder, READY_FILE);
  if (existsSync(ready)) {
    step('starting PostgreSQL');
    await database.start();
    step('bringing the schemas up to date with temporal-sql-tool');
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      await sqlTool(name, ['update-schema', '--schema-name', schema]);
    }
    // A kept cluster's members are processes of an earlier run, all gone: left listed, they would be where the new
    // ones try to join the ring first, and wait for.
    await database.query(TEMPORAL_DATABASE, 'DELETE FROM cluster_membership');
    return;
  }
  if (database.begun) {
    step('the first start of this folder was cut short before its database was ready: making it again');
    database.remove();
  }
  step('initialising the PostgreSQL database');
  await database.initialize();
  step('starting PostgreSQL');
  await database.start();
  step('setting up the schemas with temporal-sql-tool');
  await setUpDatabases(options.executables.sqlTool, database, SCHEMAS);
  writeOwnedFile(ready, "PostgreSQL's database made and its schemas set up by temporal-sql-tool\n");
}

/** Makes each database and sets up its schema (`schemas`: database → the schema the SQL tool embeds), at once. */
export async function setUpDatabases(
  sqlTool: string,
  database: PostgresProcess,
  schemas: Readonly<Record<string, string>>,
): Promise<void> {
  await Promise.all(
    Object.entries(schemas).map(async ([name, schema]) => {
      for (const command of [
        ['create-database'],
        ['setup-schema', '-v', '0.0'],
        ['update-schema', '--schema-name', schema],
      ]) {
        await runSqlTool(sqlTool, database, name, command);
      }
    }),
  );
}

/** Runs one command of temporal-sql-tool on a database; the password reaches it in its environment, not its arguments. */
async function runSqlTool(
  executable: string,
  database: PostgresProcess,
  name: string,
  command: string[],
): Promise<void> {
  const { host, port, user, password } = database.connection;
  const common = ['--plugin', SQL_PLUGIN, '--ep', host, '-p', String(port), '-u', user, '--db', name];
  try {
    await run(executable, [...common, ...command], { env: childEnvironment({ SQL_PASSWORD: password }) });
  } catch (error) {
    const output = (error as { stdout?: string; stderr?: string }).stderr || (error as Error).message;
    throw new Error(`temporal-sql-tool ${command[0]} of ${name} failed: ${output.trim().split('\n').at(-1)}`);
  }
}
