import { describe, expect, it } from 'vitest';
import { spinLlm } from '../../../runtime/host/spin-llm.js';
import { recordingServices } from '../../support/recording-services.js';

interface Llm {
  infer(model: string, prompt: string, params: undefined): unknown;
  generateEmbeddings(model: string, text: string[]): unknown;
}

const INTERFACE = 'fermyon:spin/llm@2.0.0';

describe("fermyon:spin/llm@2.0.0: the model must be one of ai_models, as in Spin; then the interface is not supported", () => {
  const llm = (aiModels: string[]) => {
    const recording = recordingServices([], { grants: { aiModels } });
    return { llm: spinLlm(recording.services)['fermyon:spin/llm'] as Llm, ...recording };
  };

  it.each([
    ['infer', (api: Llm) => api.infer('llama2-chat', 'hello', undefined)],
    ['generate-embeddings', (api: Llm) => api.generateEmbeddings('llama2-chat', ['hello'])],
  ])("%s of a model not in ai_models answers Spin's invalid-input(...)", (fn, call) => {
    const { llm: api, events } = llm(['all-minilm-l6-v2']);
    const message =
      "The component does not have access to use 'llama2-chat'. To give the component access, add 'llama2-chat' to the 'ai_models' key for the component in your spin.toml manifest";
    expect(call(api)).toEqual({ tag: 'err', val: { tag: 'invalid-input', val: message } });
    expect(events).toEqual([{ kind: 'host.unsupported', time: expect.any(Number), interface: INTERFACE, function: fn, error: { tag: 'invalid-input', message } }]);
  });

  it.each([
    ['infer', (api: Llm) => api.infer('llama2-chat', 'hello', undefined)],
    ['generate-embeddings', (api: Llm) => api.generateEmbeddings('llama2-chat', ['hello'])],
  ])('%s of a model in ai_models answers runtime-error(...) saying the interface is not supported', (fn, call) => {
    const { llm: api, events } = llm(['llama2-chat']);
    const message = `${INTERFACE} is not supported by Spinscope yet`;
    expect(call(api)).toEqual({ tag: 'err', val: { tag: 'runtime-error', val: message } });
    expect(events).toEqual([{ kind: 'host.unsupported', time: expect.any(Number), interface: INTERFACE, function: fn, error: { tag: 'runtime-error', message } }]);
  });

  it('matches model names exactly, as Spin does', () => {
    const { llm: api } = llm(['llama2-chat']);
    expect(api.infer('LLAMA2-CHAT', 'hello', undefined)).toMatchObject({ tag: 'err', val: { tag: 'invalid-input' } });
  });
});
