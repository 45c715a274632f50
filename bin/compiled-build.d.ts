/** Types of compiled-build.js for the TypeScript that uses it (the test harness). */
export declare const projectRoot: string;
export declare const buildFolder: string;
export declare function staleBuildReason(root?: string): string | undefined;
