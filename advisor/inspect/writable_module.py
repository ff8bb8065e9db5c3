"""Folders a Node module builds from its own folder (``__dirname``) and writes: the app's
user owns them. The module's folder is taken as the app's (dist/ or src/ sits one below it,
so the leading ``../`` go)."""

from __future__ import annotations

import re

FROM_MODULE_FOLDER: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # an upload folder from the module's folder (SparkyFitness: path.join(__dirname, '../temp_uploads/'))
    (
        re.compile(
            r"\b\w*(?:UPLOAD|Upload|upload|TEMP|Temp|TMP|Tmp)\w*\s*[:=][^;]{0,200}?(?:join|resolve)\(\s*__dirname"
            r"\s*,\s*['\"`](?:\.{1,2}/)*([\w.-]+)/?['\"`]\s*\)"
        ),
        "uploads",
        "upload folder",
    ),
    # a log file there (overseerr's winston: path.join(__dirname, '../config/logs/x-%DATE%.log'))
    (
        re.compile(r"(?:join|resolve)\(\s*__dirname\s*,\s*['\"`](?:\.{1,2}/)*([^'\"`\n]{1,200}\.log)['\"`]"),
        "log-file",
        "log file from the module's folder",
    ),
    # a folder a variable names as the app's own (a *_DIRECTORY, *_DIR), else one built from
    # the module's folder (overseerr's settings.json: process.env.CONFIG_DIRECTORY ? ... :
    # path.join(__dirname, '../../config/settings.json')): the folder is the app's data
    (
        re.compile(
            r"process\.env\.\w*(?:DIR|DIRECTORY|FOLDER)\w*\s*\?[^:;]{0,200}?:\s*(?:path\.)?(?:join|resolve)"
            r"\(\s*__dirname\s*,\s*['\"`](?:\.{1,2}/)*([\w.-]+)/"
        ),
        "data-dir",
        "data folder",
    ),
)
