import { type ProblemText, splitProblem } from './problem-text.ts';

/**
 * Problems the server refused something with (F6, C5), one per line: where (bold) and what. With
 * `onSelect`, each is a button that takes the user to the field to fix, as in the validation panel.
 */
export function ProblemList({
  problems,
  placeOf = (problem) => problem.path || 'Standard',
  onSelect,
}: {
  problems: readonly string[];
  placeOf?: (problem: ProblemText) => string;
  onSelect?: (problem: ProblemText) => void;
}) {
  return (
    <ul className="problem-list" data-testid="problem-list" data-count={problems.length}>
      {problems.map((text, index) => {
        const problem = splitProblem(text);
        const content = (
          <>
            <span className="problem-list__place">{placeOf(problem)}</span>
            <span className="problem-list__message">{problem.message}</span>
          </>
        );
        return (
          <li key={`${index}:${text}`}>
            {onSelect ? (
              <button
                type="button"
                className="problem-list__item problem-list__item--link"
                data-testid="refused-problem"
                data-path={problem.path}
                onClick={() => onSelect(problem)}
              >
                {content}
              </button>
            ) : (
              <div className="problem-list__item" data-testid="refused-problem" data-path={problem.path}>
                {content}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
