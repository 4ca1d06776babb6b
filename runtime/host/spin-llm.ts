/**
 * `fermyon:spin/llm@2.0.0`, linked but not implemented yet. As in Spin
 * (factor-llm host.rs), the model must be one of the component's `ai_models`, checked
 * before anything else: otherwise `invalid-input(...)` with Spin's text. A model the
 * component may use gets `runtime-error(...)` saying the interface is not supported.
 * Both are reported as `host.unsupported`.
 */
import type { GuestServices } from './guest-services.js';
import { notSupported, recordUnsupported } from './unsupported-calls.js';
import { err, type WitResult } from './wit-result.js';

const INTERFACE = 'fermyon:spin/llm@2.0.0';

/** `variant error { model-not-supported, runtime-error(string), invalid-input(string) }` */
export type LlmError = { tag: 'model-not-supported' } | { tag: 'runtime-error'; val: string } | { tag: 'invalid-input'; val: string };

/** `record inferencing-params { max-tokens: u32, repeat-penalty: f32, repeat-penalty-last-n-token-count: u32, temperature: f32, top-k: u32, top-p: f32 }` */
export interface InferencingParams {
  maxTokens: number;
  repeatPenalty: number;
  repeatPenaltyLastNTokenCount: number;
  temperature: number;
  topK: number;
  topP: number;
}

/** The `llm` interface for one instance. */
export function spinLlm(services: GuestServices): Record<string, object> {
  const refuse = (fn: string, model: string): WitResult<never, LlmError> => {
    const error: LlmError = services.grants().aiModels.includes(model)
      ? { tag: 'runtime-error', val: notSupported(INTERFACE) }
      : {
          tag: 'invalid-input',
          val: `The component does not have access to use '${model}'. To give the component access, add '${model}' to the 'ai_models' key for the component in your spin.toml manifest`,
        };
    recordUnsupported(services, { interface: INTERFACE, function: fn, error: { tag: error.tag, message: error.val } });
    return err(error);
  };
  return {
    'fermyon:spin/llm': {
      /** `infer: func(model: inferencing-model, prompt: string, params: option<inferencing-params>) -> result<inferencing-result, error>;` */
      infer(model: string, _prompt: string, _params: InferencingParams | undefined): WitResult<never, LlmError> {
        return refuse('infer', model);
      },
      /** `generate-embeddings: func(model: embedding-model, text: list<string>) -> result<embeddings-result, error>;` */
      generateEmbeddings(model: string, _text: string[]): WitResult<never, LlmError> {
        return refuse('generate-embeddings', model);
      },
    },
  };
}
