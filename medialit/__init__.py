"""The Naqoura media-literacy kit: one module per lesson idea (see README.md).

Importing it makes NLTK load only the parts a helper uses (:func:`medialit.fast_imports.light_nltk`).
"""
from medialit.fast_imports import light_nltk as _light_nltk

_light_nltk()
