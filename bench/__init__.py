"""Benchmarks and synthetic data: fictional township reports (bench.synth) and the sample-library builder."""
