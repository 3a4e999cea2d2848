"""Core: the learned affinity: how much a paper resembles what the reader starred.
May import: core only (models, digest's `Scorable`, text); never the store or a screen.

`model` trains and applies the model (Rocchio on TF-IDF vectors, `text` makes the
vectors); `ranker` is what the digest's scoring asks, reading the affinities the
fetch cached. The package itself imports nothing: a digest built from that cache
never loads the model's code.
"""
