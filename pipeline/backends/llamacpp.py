"""GGUF models through llama.cpp (llama-cpp-python): loads the quantized file as it is, in
about 2 s, and runs it several times faster than transformers on a CPU."""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MtbriefError
from .base import GenerationSettings
from .templated import CardGenerator

if TYPE_CHECKING:
    from ..pipeline import Context


LOOKUP_KEY = "prompt_lookup_tokens"  # card generation key: draft tokens per step (0: off)


class LlamaCppGenerator(CardGenerator):
    """The chat template comes from the GGUF's own metadata, as llama.cpp applies it."""

    requires = ("llama_cpp",)
    install = "make llama (a portable build of llama-cpp-python; see the README)"
    runs_in_worker = True  # native code: a crash (SIGSEGV, SIGILL) must end a worker, not the run
    crash_advice = "rebuild llama-cpp-python portably (`make llama`: no -march=native, no AMX kernels; see the README)"

    def _load(self, path: Path, ctx: "Context") -> None:
        from llama_cpp import Llama

        threads = int(ctx.runtime["threads"])
        # Prompt-lookup speculative decoding (card: generation.prompt_lookup_tokens > 0): drafts the next
        # tokens from n-grams of the prompt, which a summary copying its input's figures and names repeats;
        # greedy output is unchanged. No KV cache is reused from one call to the next (see ``_forward``).
        lookup = int(self.card.generation.get(LOOKUP_KEY, 0) or 0)
        draft = None
        if lookup > 0:
            from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

            draft = LlamaPromptLookupDecoding(num_pred_tokens=lookup)
        self.model = Llama(
            model_path=str(path),
            n_ctx=self.context_tokens,
            n_threads=threads,
            n_threads_batch=threads,
            seed=int(ctx.runtime["seed"]),
            draft_model=draft,
            verbose=False,
        )
        # Free the model before interpreter teardown, when llama.cpp's own __del__ finds its library gone.
        atexit.register(self.model.close)

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def preprocess(self, system: str, user: str) -> list[dict[str, str]]:
        return ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": user}]

    def input_tokens(self, inputs: list[dict[str, str]]) -> int:
        # The template adds a few marker tokens per message; the exact count comes back in usage.
        return sum(self.count_tokens(m["content"]) for m in inputs)

    def _forward(self, inputs: list[dict[str, str]], settings: GenerationSettings) -> dict[str, Any]:
        import llama_cpp

        llama_cpp.llama_perf_context_reset(self.model.ctx)
        # Each call evaluates its whole prompt: reusing the KV cache of the previous prompt's common prefix
        # evaluates that prefix in another batch, over slightly different floats, and greedy decoding can
        # then take another word, so a document's briefing would depend on the document before it.
        self.model.reset()
        request = dict(
            messages=inputs,
            max_tokens=settings.max_new_tokens,
            temperature=settings.temperature,
            repeat_penalty=settings.repetition_penalty,
            **{k: v for k, v in settings.extra.items() if k != LOOKUP_KEY},  # a load-time setting
        )
        try:
            if settings.max_sentences:
                return self._until_sentences(request, settings.max_sentences)
            return self.model.create_chat_completion(**request)
        except ValueError as err:  # llama.cpp refuses prompts beyond its context window
            raise MtbriefError(f"{self.name}: {err}") from None

    def _until_sentences(self, request: dict[str, Any], limit: int) -> dict[str, Any]:
        """Stream the answer and stop as soon as a sentence beyond ``limit`` begins (the splitter
        then sees ``limit`` complete ones before it); returned in the shape of a whole completion."""
        from ..sentences import split_sentences

        text, sampled, prompt = "", 0, 0
        for chunk in self.model.create_chat_completion(stream=True, **request):
            prompt = prompt or self.model.n_tokens  # at the first chunk: the prompt evaluated, no answer token yet
            piece = chunk["choices"][0]["delta"].get("content") or ""
            sampled += 1 if piece else 0
            text += piece
            spans = split_sentences(text)
            if len(spans) > limit and text[spans[limit][0]:].strip():
                text = text[: spans[limit - 1][1]]
                break
        usage = {"prompt_tokens": prompt, "completion_tokens": sampled}
        return {"choices": [{"message": {"content": text}}], "usage": usage}

    def timings(self) -> dict[str, float]:
        """llama.cpp's own counters for the last call: prompt tokens it evaluated (those reused from the
        KV cache are not) and tokens it decoded, with the seconds each took."""
        import llama_cpp

        perf = llama_cpp.llama_perf_context(self.model.ctx)
        return {"prompt_eval_tokens": perf.n_p_eval, "prompt_eval_s": perf.t_p_eval_ms / 1000,
                "decode_tokens": perf.n_eval, "decode_s": perf.t_eval_ms / 1000}

    def postprocess(self, inputs: list[dict[str, str]], outputs: dict[str, Any]) -> tuple[str, int, int]:
        usage = outputs["usage"]
        return outputs["choices"][0]["message"]["content"] or "", usage["prompt_tokens"], usage["completion_tokens"]
