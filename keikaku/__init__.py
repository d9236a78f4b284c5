"""keikaku: Japanese municipal plans (PDF or text) into structured, reviewable data.

The repository keeps the stages in ``pipeline/`` (model, loaders, runner, outputs, CLI) and
``parsers/`` (the rules); pyproject.toml installs them as ``keikaku.pipeline`` and
``keikaku.parsers``, so an installed keikaku puts one top-level name into site-packages.
"""
