import { type AssessmentFile } from '../../src/core/assessment.ts';
import { formatProblem, type Problem } from '../../src/core/problems.ts';
import { type Standard } from '../../src/core/standard.ts';
import { validateAssessments } from '../../src/core/validate-assessments.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import {
  type LoadedDocument,
  loadDocumentFile,
  loadVersionsFromDir,
  versionFoldersFor,
} from '../files/document-files.ts';

/** What `tierline validate` found: problems as `file: path: message`, and counts for the summary. */
export interface ValidationReport {
  readonly problems: string[];
  readonly standards: number;
  readonly assessmentFiles: number;
  readonly skipped: string[];
}

/**
 * Validates files together (X1): each standard's lineage against its `basedOn` version and each
 * assessment file against the version it names, looked up among the files given, then in their folders.
 */
export function validateFiles(files: readonly string[]): ValidationReport {
  const problems: string[] = [];
  const documents: LoadedDocument[] = [];
  for (const file of files) {
    const loaded = loadDocumentFile(file);
    if (loaded.ok) documents.push(loaded.document);
    else problems.push(...loaded.problems.map((problem) => `${file}: ${formatProblem(problem)}`));
  }

  const given = new Map<string, Standard>();
  for (const document of documents) {
    if (document.kind === 'standard')
      given.set(versionKey(document.standard.id, document.standard.version), document.standard);
  }
  const folderCache = new Map<string, Map<string, Standard>>();
  const findVersion = (nearFile: string, standardId: string, version: string): Standard | undefined => {
    const fromGiven = given.get(versionKey(standardId, version));
    if (fromGiven) return fromGiven;
    for (const folder of versionFoldersFor(nearFile)) {
      const cacheKey = `${folder}\0${standardId}`;
      let versions = folderCache.get(cacheKey);
      if (!versions) {
        versions = loadVersionsFromDir(folder, standardId).versions;
        folderCache.set(cacheKey, versions);
      }
      const found = versions.get(version);
      if (found) return found;
    }
    return undefined;
  };

  const report = (file: string, found: Problem[]) =>
    problems.push(...found.map((problem) => `${file}: ${formatProblem(problem)}`));

  for (const document of documents) {
    if (document.kind === 'standard') {
      const { standard, file } = document;
      const basedOn =
        standard.basedOn === null ? undefined : findVersion(file, standard.id, standard.basedOn);
      const found = validateStandard(standard, basedOn);
      if (standard.basedOn !== null && !basedOn) {
        found.unshift({
          path: 'basedOn',
          message: `version "${standard.basedOn}" of "${standard.id}" was not found among the files given or beside this file; lineage was not checked against it`,
        });
      }
      report(file, found);
    } else if (document.kind === 'assessments') {
      report(document.file, checkAssessments(document.file, document.assessments, findVersion));
    }
  }

  return {
    problems,
    standards: documents.filter((document) => document.kind === 'standard').length,
    assessmentFiles: documents.filter((document) => document.kind === 'assessments').length,
    skipped: documents.filter((document) => document.kind === 'json-schema').map((document) => document.file),
  };
}

function checkAssessments(
  file: string,
  assessments: AssessmentFile,
  findVersion: (nearFile: string, standardId: string, version: string) => Standard | undefined,
): Problem[] {
  const standard = findVersion(file, assessments.standard, assessments.version);
  if (!standard) {
    return [
      {
        path: 'version',
        message: `version "${assessments.version}" of standard "${assessments.standard}" was not found among the files given or in the standard's folder`,
      },
    ];
  }
  return validateAssessments(assessments, standard);
}

const versionKey = (standardId: string, version: string) => `${standardId}@${version}`;
