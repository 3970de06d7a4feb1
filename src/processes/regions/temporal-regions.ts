// Two regions as processes of this CLI: one PostgreSQL holding each region's databases, then each region's Temporal
// Server (every service in one process, as a small deployment runs it), started at once. They know nothing of each
// other until they are connected (temporal/servers/regions.ts): what each reads is config.ts's.
import path from 'node:path';
import {
  DATABASE_FOLDER,
  dynamicConfigFile,
  PASSWORD_FILE,
  SCHEMAS,
  TEMPORAL_DATABASE,
  VISIBILITY_DATABASE,
} from '../cluster/config';
import type { ClusterExecutables } from '../cluster/config';
import { PostgresProcess } from '../cluster/postgres-process';
import type { SupervisionEvent } from '../cluster/service-process';
import { ServiceProcess } from '../cluster/service-process';
import { setUpDatabases } from '../cluster/start-order';
import { makeOwnedFolder, writeOwnedFile } from '../owned-files';
import type { ServerProcess } from '../server-process';
import type { RegionName, RegionPorts } from './config';
import { regionDatabases, regionServerConfig, REGIONS } from './config';

export interface TemporalRegionsOptions {
  executables: Pick<ClusterExecutables, 'server' | 'sqlTool'>;
  postgresBin: string;
  /** A throwaway folder: the database, each region's configuration. */
  folder: string;
  ip: string;
  postgresPort: number;
  ports: Record<RegionName, RegionPorts>;
  /** Dynamic config of both regions. */
  dynamicConfig: Readonly<Record<string, unknown>>;
  /** More environment for the Temporal processes (GOGC). */
  environment: Readonly<Record<string, string>>;
  /** Told of each exit nobody asked for of a region's process, and of its restart. */
  onSupervision?: (event: SupervisionEvent) => void;
}

const CONFIG_FOLDER = 'config';

export class TemporalRegions {
  readonly database: PostgresProcess;
  readonly regions: Record<RegionName, ServiceProcess>;

  constructor(private readonly options: TemporalRegionsOptions) {
    const { folder, ip } = options;
    this.database = new PostgresProcess({
      bin: options.postgresBin,
      dataDir: path.join(folder, DATABASE_FOLDER),
      passwordFile: path.join(folder, PASSWORD_FILE),
      keep: false,
      ip,
      port: options.postgresPort,
    });
    const region = (name: RegionName) =>
      new ServiceProcess({
        name,
        role: 'temporal-server',
        executable: options.executables.server,
        // No --service: every service in this one process.
        args: ['--root', folder, '--config', path.join(CONFIG_FOLDER, name), '--env', 'development'].concat([
          '--allow-no-auth',
          'start',
        ]),
        ip,
        port: options.ports[name].frontend.grpc,
        environment: options.environment,
        onSupervision: options.onSupervision,
      });
    this.regions = { 'region-a': region('region-a'), 'region-b': region('region-b') };
  }

  /** A region's frontend: where its clients and workers connect. */
  address(region: RegionName): string {
    return this.regions[region].address;
  }

  /** Every process, in the order they are shown: the database, then each region. */
  processes(): ServerProcess[] {
    return [this.database, ...REGIONS.map((name) => this.regions[name])];
  }

  /** The database made and its schemas set up (each region's pair at once), then both regions started at once. */
  async start(step: (text: string) => void = () => undefined): Promise<void> {
    step('initialising the PostgreSQL database');
    await this.database.initialize();
    step('starting PostgreSQL');
    await this.database.start();
    step('setting up both regions’ schemas with temporal-sql-tool');
    const schemas = Object.fromEntries(
      REGIONS.flatMap((name) => {
        const databases = regionDatabases(name);
        return [
          [databases.temporal, SCHEMAS[TEMPORAL_DATABASE]],
          [databases.visibility, SCHEMAS[VISIBILITY_DATABASE]],
        ];
      }),
    );
    await setUpDatabases(this.options.executables.sqlTool, this.database, schemas);
    this.writeConfiguration();
    step(`starting ${REGIONS.join(' and ')}`);
    await Promise.all(REGIONS.map((name) => this.regions[name].start()));
  }

  /** Each region's configuration and the shared dynamic config, for this process's user only (the password). */
  private writeConfiguration(): void {
    const { folder, ip, ports } = this.options;
    const configRoot = path.join(folder, CONFIG_FOLDER);
    makeOwnedFolder(configRoot, 0o700);
    const dynamicConfigFileName = path.join(configRoot, 'dynamicconfig.yaml');
    writeOwnedFile(
      dynamicConfigFileName,
      JSON.stringify(dynamicConfigFile(this.options.dynamicConfig), null, 2),
    );
    for (const name of REGIONS) {
      const config = regionServerConfig(name, ports, {
        ip,
        postgresPort: this.options.postgresPort,
        databasePassword: this.database.connection.password,
        dynamicConfigFile: dynamicConfigFileName,
      });
      makeOwnedFolder(path.join(configRoot, name), 0o700);
      writeOwnedFile(path.join(configRoot, name, 'development.yaml'), JSON.stringify(config, null, 2));
    }
  }

  /** Kills every process at once (SIGKILL; an immediate shutdown of the database). */
  async kill(): Promise<void> {
    await Promise.all(REGIONS.map((name) => this.regions[name].kill()));
    await this.database.kill();
  }
}
