"""``python -m custgrade.watch FOLDER``: the same as ``custgrade watch FOLDER``."""

from custgrade.watch.cli import watch_command

if __name__ == "__main__":
    watch_command()
