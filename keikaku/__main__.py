"""``python -m keikaku``: the command line."""

from keikaku.pipeline.cli import main

raise SystemExit(main())
