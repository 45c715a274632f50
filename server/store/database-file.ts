import { join, resolve } from 'node:path';

/** The SQLite file inside a data directory (`TIERLINE_DATA`, default `./data`). */
export const DATABASE_FILE = 'tierline.sqlite';

export const databasePathIn = (dataDir: string): string => join(resolve(dataDir), DATABASE_FILE);
