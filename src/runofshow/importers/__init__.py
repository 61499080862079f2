"""Import a schedule from pretalx, frab, Sessionize or a spreadsheet into a plan (``runofshow import``).

One module per format (``pretalx``, ``frab_xml``, ``sessionize``, ``spreadsheet``) reads its source
into the neutral ``schedule.Schedule``; ``selection.select`` and ``build.build_plan`` turn its rooms
and days (all of them, or those ``--room`` and ``--day`` choose) into a ``Plan``, a [[stages]] entry
per room when there are several; ``run`` detects the format, checks and writes; ``cli`` registers
the command.
"""
