"""``python -m custgrade.watch FOLDER``: the same as ``custgrade watch FOLDER``."""

import sys

from custgrade.cli import main
from custgrade.cli.localised import localised
from custgrade.watch.cli import watch_command

if __name__ == "__main__":
    if "watch" not in main.commands:  # custgrade does not list the command yet
        main.add_command(localised(watch_command))
    main(["watch", *sys.argv[1:]], prog_name="custgrade")
