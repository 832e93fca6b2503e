"""``pipeline bench``: throughput, scaling, latency and footprint of the whole pipeline."""
