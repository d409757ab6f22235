// Whole answers to operations that read only the geography and its facility counts (the county
// tree), kept by the process until the database says facilities changed (ADR 0010).
//
// The area counts were already kept; what a tree still cost was walking ~1,800 fields and writing
// a ~100 KB answer, on every request. Under load that was most of the tree's CPU and most of what
// its requests allocated, and the allocations set the pace of garbage collection and so the tail
// of its latency (bench/RESULTS.md). A kept answer is sent as the same text each time.
//
// An answer is kept per document, operation, variables and kind of caller (the caller's kind,
// role and county scope: everything the rules and the visibility read). Only answers without
// errors or extensions are kept. Authentication and the request's limits run as before: the
// answer replaces execution only.
import type { DocumentNode, ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import type { ChangeWatch } from './db/change-feed.js';
import { newLookupCounts } from './lookup-counts.js';
import { readsOnlySharedData } from './schema/shared-data-operation.js';
import type { Principal } from './security/principal.js';

/** How much answer text a process keeps at most, in characters: ~160 county trees. */
export const DEFAULT_SHARED_ANSWER_CHARS = 16 * 1024 * 1024;

/** An answer as Yoga serialises it: through the result's own `stringify`, here the kept text. */
type KeptAnswer = ExecutionResult & { stringify: () => string };

export class SharedAnswerCache {
  private generation = Number.NaN;
  private answers = new WeakMap<DocumentNode, Map<string, KeptAnswer>>();
  private chars = 0;
  readonly lookups = newLookupCounts();

  constructor(
    private readonly feed: ChangeWatch,
    private readonly maxChars = DEFAULT_SHARED_ANSWER_CHARS,
  ) {}

  /** The generation an execution starting now belongs to; undefined while nothing may be kept. */
  begin(): number | undefined {
    if (this.feed.live) return this.feed.generation;
    this.lookups.uncached += 1;
    return undefined;
  }

  /** The answer kept for the current generation. */
  get(document: DocumentNode, key: string): KeptAnswer | undefined {
    const kept = this.feed.live && this.feed.generation === this.generation ? this.answers.get(document)?.get(key) : undefined;
    if (kept) this.lookups.hit += 1;
    else this.lookups.miss += 1;
    return kept;
  }

  /**
   * Keeps an answer computed in `generation`, unless facilities changed since (the answer may
   * predate the change) or the budget is spent. Returns the answer to send, serialised once.
   */
  keep(document: DocumentNode, key: string, generation: number, result: ExecutionResult & { stringify?: (r: ExecutionResult) => string }): KeptAnswer {
    const text = (result.stringify ?? JSON.stringify)(result);
    const answer: KeptAnswer = { data: result.data, stringify: () => text };
    if (!this.feed.live || this.feed.generation !== generation) return answer;
    if (generation !== this.generation) {
      // Everything kept belongs to an older generation.
      this.generation = generation;
      this.answers = new WeakMap();
      this.chars = 0;
    }
    if (this.chars + text.length > this.maxChars) return answer;
    let byKey = this.answers.get(document);
    if (!byKey) this.answers.set(document, (byKey = new Map()));
    if (!byKey.has(key)) this.chars += text.length;
    byKey.set(key, answer);
    return answer;
  }
}

/** Who is asking, as far as the rules and the visibility of facilities can tell callers apart. */
function callerKind(principal: Principal): string {
  return principal.kind === 'anonymous' ? 'anonymous' : `${principal.kind}:${principal.role}:${principal.countyScope ?? ''}`;
}

/** Answers operations that read only shared data from the context's SharedAnswerCache, when there is one. */
export function useSharedAnswers(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cache = args.contextValue.shared.answers;
      if (!cache || !readsOnlySharedData(args.schema, args.document, args.operationName)) return;
      const generation = cache.begin();
      if (generation === undefined) return;
      const key = `${callerKind(args.contextValue.principal)}\n${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}`;
      const kept = cache.get(args.document, key);
      if (kept) {
        setResultAndStopExecution(kept);
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || result.errors?.length || result.extensions) return;
          setResult(cache.keep(args.document, key, generation, result));
        },
      };
    },
  };
}
