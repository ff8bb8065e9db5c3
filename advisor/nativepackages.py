"""Dependencies that build native code, with the Debian packages (Debian 13, the slim
images') their build needs and the shared libraries the built module loads at run time."""

from __future__ import annotations

# The Python packages pip always compiles (no wheels for Linux), whether or not their build
# needs headers: the image builds them with a compiler.
PYTHON_SOURCE_ONLY = frozenset({"uwsgi", "misaka", "sabyenc3", "dlib", "face-recognition"})

# Python packages that build from source, with the Debian packages the build needs (headers)
# and the shared libraries the built module loads at run time (Debian 13, the slim images').
PYTHON_NATIVE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "uwsgi": (("libcrypt-dev",), ()),  # it links -lcrypt: not every libc6-dev pulls that in
    "psycopg2": (("libpq-dev",), ("libpq5",)),
    "psycopg2cffi": (("libpq-dev",), ("libpq5",)),  # no wheels: its CFFI module builds against libpq
    # psycopg 3 without its binary extra is pure Python and loads the system's libpq.
    "psycopg": ((), ("libpq5",)),
    # its C extension (psycopg[c]) builds against libpq with pg_config
    "psycopg-c": (("libpq-dev",), ("libpq5",)),
    "mysqlclient": (("default-libmysqlclient-dev",), ("libmariadb3",)),
    "python-ldap": (("libldap2-dev", "libsasl2-dev"), ("libldap2", "libsasl2-2")),
    "gssapi": (("libkrb5-dev",), ("libgssapi-krb5-2",)),  # MIT Kerberos' krb5-config; no Linux wheels
    "misaka": ((), ()),  # no wheels at all: its C extension compiles on install
    "sabyenc3": ((), ()),  # no Linux wheels: its C++ yEnc decoder compiles on install (Huntarr)
    # no wheels: dlib's C++ extension builds with CMake (face-recognition installs it: LibrePhotos)
    "dlib": (("cmake",), ()),
    "face-recognition": (("cmake",), ()),
    "pyodbc": (("unixodbc-dev",), ("libodbc2",)),
    # before 7.45.3 no wheels: it builds with curl-config against libcurl (EvalAI's 7.43.0.6)
    "pycurl": (("libcurl4-openssl-dev", "libssl-dev"), ("libcurl4t64",)),
    "pygraphviz": (("libgraphviz-dev",), ("libgvc6", "libcgraph6")),
    "pycairo": (("libcairo2-dev",), ("libcairo2",)),
    # no wheels at all: it builds with meson against GObject introspection (girepository 1.0
    # before 3.52, 2.0 since) and pycairo, and loads those libraries and GLib's typelibs
    "pygobject": (
        ("libgirepository1.0-dev", "libgirepository-2.0-dev", "libcairo2-dev"),
        ("libgirepository-1.0-1", "libgirepository-2.0-0", "libcairo2", "gir1.2-glib-2.0"),
    ),
    "cairocffi": ((), ("libcairo2",)),  # CairoSVG's cairocffi loads libcairo as it imports
    "cairosvg": ((), ("libcairo2",)),
    "xmlsec": (("libxmlsec1-dev",), ("libxmlsec1t64-openssl",)),
    "python-magic": ((), ("libmagic1t64",)),
    "git+": (("git",), ()),  # a requirement pip clones (`git+https://…`) in the build stage
    # GitPython runs the git program (it stops at import without it)
    "gitpython": ((), ("git",)),
    "weasyprint": ((), ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")),
    # its wheel's bundled libarchive loads GCC's OpenMP runtime (scancode.io's collectstatic)
    "extractcode-libarchive": ((), ("libgomp1",)),
    "rrdtool-bindings": (("librrd-dev",), ("librrd8t64",)),  # no wheels (modoboa's RRDtool)
    # no wheels: its SQLite extension builds against ICU, found with pkg-config (KitchenOwl)
    "sqlite-icu": (("libicu-dev", "libsqlite3-dev"), ("libicu76",)),
    # A compiled package whose pinned release has no wheel for the image's Python (wheels.py)
    # builds from source: the headers of the libraries it links (rcssmin's needs none but
    # Python's own).
    "cffi from source": (("libffi-dev",), ()),
    "lxml from source": (("libxml2-dev", "libxslt1-dev"), ("libxml2", "libxslt1.1")),
    "pillow from source": (("libjpeg62-turbo-dev", "zlib1g-dev"), ("libjpeg62-turbo",)),
    "pyyaml from source": (("libyaml-dev",), ("libyaml-0-2",)),
    "pymssql from source": (("freetds-dev",), ("libsybdb5",)),
    "pycurl from source": (("libcurl4-openssl-dev", "libssl-dev"), ("libcurl4t64",)),
    # the project's own Rust extension (maturin, setuptools-rust): Debian's cargo and rustc
    "rust-extension from source": (("cargo",), ()),
}
# Node: a dependency fetched from git (npm runs git; the slim image lacks it and https's CAs);
# pg's native bindings (pg-native over the libpq addon) build against libpq and load it.
NODE_NATIVE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "git+": (("git", "ca-certificates"), ()),
    **dict.fromkeys(("pg-native", "libpq"), (("libpq-dev",), ("libpq5",))),
    # node-canvas downloads a prebuilt binary from GitHub's releases, when there is one for the
    # Node line and the host reaches it, else builds against Cairo, Pango and the image
    # libraries (its README's Debian list); the module loads those libraries as it starts
    "canvas": (
        ("libcairo2-dev", "libpango1.0-dev", "libjpeg-dev", "libgif-dev", "librsvg2-dev"),
        ("libcairo2", "libpango-1.0-0", "libpangocairo-1.0-0", "libjpeg62-turbo", "libgif7", "librsvg2-2"),
    ),
}
# Packages that always install a compiled one without a wheel for Linux (its headers needed).
PYTHON_REQUIRES: dict[str, tuple[str, ...]] = {
    "django-auth-ldap": ("python-ldap",),
    "requests-gssapi": ("gssapi",),
    "phoenixdb": ("gssapi",),
}
