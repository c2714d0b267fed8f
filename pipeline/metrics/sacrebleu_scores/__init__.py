"""chrF, BLEU and TER through sacrebleu as one evaluate module; see pipeline.metrics.core.mt."""
