"""``python -m custgrade``: the same as the ``custgrade`` command."""

from custgrade.cli import main

main()
