"""The site's facts: the shapes of data/*.yml (``models``), reading and checking them (``load``), lay words (``words``)."""
