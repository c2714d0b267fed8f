"""Decoder-only chat models through AutoModelForCausalLM, prompted with the model's own chat
template; also straight from a GGUF file (``gguf_file=``).

Loading a GGUF dequantizes every tensor (109 s for the 1.5B default on 2 cores), so the
first load saves the result as bf16 safetensors in the cache and later loads read that.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelNotInstalled
from . import store
from .transformers_common import TransformersGenerator

if TYPE_CHECKING:
    from ..pipeline import Context

CONVERTED_TAG = "transformers-bf16"


class CausalGenerator(TransformersGenerator):
    def _load(self, path: Path, ctx: "Context") -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        ctx.pin_threads()
        if path.suffix == ".gguf":
            path = self._converted(path, store.converted_dir(self.card, ctx.cache_dir, CONVERTED_TAG), ctx)
        elif not path.is_dir():
            raise ModelNotInstalled(f"model {self.name!r}: {path} is neither a GGUF file nor a model folder")
        self.tokenizer = AutoTokenizer.from_pretrained(str(path))
        # Computed in float32: bf16 matmuls are slower than fp32 on CPUs without bf16 units.
        self.model = AutoModelForCausalLM.from_pretrained(str(path), dtype=torch.float32).eval()
        self.loaded_from = path

    def _converted(self, gguf: Path, folder: Path, ctx: "Context") -> Path:
        """Dequantize the GGUF once and keep it as a bf16 safetensors folder."""
        if (folder / "config.json").is_file():
            return folder
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        with ctx.progress.task(f"dequantizing {gguf.name} once (later loads read {folder})"):
            tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
            model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.bfloat16)
            # save_pretrained refuses a model that still looks quantized.
            model.hf_quantizer = None
            if hasattr(model.config, "quantization_config"):
                del model.config.quantization_config
            partial = folder.with_name(folder.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            model.save_pretrained(str(partial))
            tokenizer.save_pretrained(str(partial))
            partial.rename(folder)
        return folder

    def preprocess(self, system: str, user: str) -> Any:
        messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": user}]
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)

    def postprocess(self, inputs: Any, outputs: Any) -> tuple[str, int, int]:
        prompt = self.input_tokens(inputs)
        new = outputs[0][prompt:]
        return self.tokenizer.decode(new, skip_special_tokens=True), prompt, int(new.shape[-1])
