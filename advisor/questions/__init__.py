"""The questionnaire and its drafts: the questions of ``ask`` as data, and answers as a profile.

The questions (``data/questions.yaml``), reading and checking one answer the way a profile
file's value is read, filling defaults, reading a profile or ``KEY=VALUE`` changes into
answers (with where each came from) and merging them into a profile; drafts of unfinished
answers. No terminal: the command line asks the questions (:mod:`advisor.cli.interview`).
"""
