"""Error and warning messages of kampungkb's plugins area: key → (Bahasa Indonesia, English).

Messages name plugins through phrases (:class:`kampungkb.errors.Phrase`) — ``plugins.builtin``,
``plugins.entry_point`` … — so the description of a plugin is in the message's language too.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # how a plugin is named
    "plugins.builtin": ("plugin bawaan {name!r}", "built-in plugin {name!r}"),
    "plugins.extra": (
        "plugin {name!r} (diberikan sebagai extra, modul {module})",
        "plugin {name!r} (passed as extra, module {module})",
    ),
    "plugins.entry_point": (
        "plugin {name!r} (entry point {name} = {module} dari distribusi {dist} {version})",
        "plugin {name!r} (entry point {name} = {module} from distribution {dist} {version})",
    ),
    "plugins.entry_point_unknown": (
        "plugin {name!r} (entry point {name} = {module} dari distribusi yang tidak dikenal)",
        "plugin {name!r} (entry point {name} = {module} from an unknown distribution)",
    ),
    "plugins.and": ("{first} dan {second}", "{first} and {second}"),
    # what went wrong with it
    "plugins.problem_import": ("gagal diimpor", "failed to import"),
    "plugins.problem_spec": (
        "tidak sesuai dengan spesifikasi hook kampungkb",
        "does not match the kampungkb hook specifications",
    ),
    "plugins.problem_unknown_hook": (
        "mengimplementasikan hook yang tidak didefinisikan kampungkb (salah ketik?)",
        "implements a hook kampungkb does not define (misspelt?)",
    ),
    "plugins.problem_hook": ("gagal dalam hook {hook}", "failed in hook {hook}"),
    "plugins.exception": ("{name}: {message}", "{name}: {message}"),
    "plugins.returned_none": (
        "mengembalikan None (lupa `return`?), seharusnya daftar {expected}",
        "returned None (a forgotten `return`?), expected a list of {expected}",
    ),
    "plugins.returned_other": (
        "mengembalikan {got}, seharusnya daftar {expected}",
        "returned {got}, expected a list of {expected}",
    ),
    "plugins.returned_other_item": (
        "mengembalikan {got} di dalam daftarnya, seharusnya {expected}",
        "returned a {got} in its list, expected {expected}",
    ),
    "plugins.classifier_rule": (
        "klasifikasi {name!r} memiliki rule berjenis {got}, seharusnya "
        "kampungkb.evaluate.Classification",
        "classifier {name!r} has a rule of type {got}, expected a "
        "kampungkb.evaluate.Classification",
    ),
    # broken plugins
    "plugins.broken": ("{plugin} {problem}: {error}", "{plugin} {problem}: {error}"),
    "plugins.broken_skip_hint": (
        "{plugin} {problem}: {error}; setel {env}=1 untuk melewatinya",
        "{plugin} {problem}: {error}; set {env}=1 to skip it",
    ),
    "plugins.skipping": (
        "melewati {plugin}, yang {problem}: {error} ({env} disetel)",
        "skipping {plugin} {problem}: {error} ({env} is set)",
    ),
    "plugins.skipping_contribution": (
        "melewati sumbangan {plugin}, yang {problem}: {error}",
        "skipping the contribution of {plugin} {problem}: {error}",
    ),
    "plugins.skipped_contribution": (
        "sumbangan {plugin} dilewati, karena {problem}: {error} ({env} disetel)",
        "skipped the contribution of {plugin} {problem}: {error} ({env} is set)",
    ),
    "plugins.skipped_contribution_listing": (
        "sumbangan {plugin} dilewati, karena {problem}: {error} (hanya dalam daftar ini)",
        "skipped the contribution of {plugin} {problem}: {error} (in this listing only)",
    ),
    "plugins.unmatched": (
        "{env} (atau load_plugins(only=...)) menyebut {names}, tetapi tidak ada plugin "
        "kampungkb terpasang yang bernama demikian",
        "{env} (or load_plugins(only=...)) names {names}, but no installed kampungkb plugin "
        "has that name",
    ),
    # conflicts
    "plugins.same_name": (
        "dua plugin bernama {name!r}: {first} dan {second}",
        "two plugins are called {name!r}: {first} and {second}",
    ),
    "plugins.same_object": (
        "{plugin} adalah objek yang sama dengan {other}",
        "{plugin} is the same object as {other}",
    ),
    "plugins.what_set": ("set indikator", "indicator set"),
    "plugins.what_measure": ("ukuran bersama", "shared measure"),
    "plugins.what_classifier": ("klasifikasi", "classifier"),
    "plugins.what_reader": ("pembaca berkas", "reader"),
    "plugins.what_report_format": ("format laporan", "report format"),
    "plugins.what_table_column": ("kolom tabel (tabel, kolom)", "table column (table, column)"),
    "plugins.registers_twice": (
        "{what} {record!r}: {plugin} mendaftarkannya dua kali",
        "{what} {record!r}: {plugin} registers it twice",
    ),
    "plugins.registered_by_both": (
        "{what} {record!r} didaftarkan sekaligus oleh {plugins}",
        "{what} {record!r} is registered by both {plugins}",
    ),
    "plugins.kept_builtin": (
        "{conflict}: definisi kampungkb sendiri dipakai dan yang lain dilewati ({env} disetel)",
        "{conflict}: kept kampungkb's and skipped the other ({env} is set)",
    ),
    "plugins.kept_builtin_listing": (
        "{conflict}: definisi kampungkb sendiri dipakai dan yang lain dilewati (hanya dalam "
        "daftar ini)",
        "{conflict}: kept kampungkb's and skipped the other (in this listing only)",
    ),
    "plugins.left_out": ("itu ditinggalkan", "it is left out"),
    "plugins.left_out_set": (
        "setiap versi {set_id!r} ditinggalkan, agar {set_id!r} tidak diam-diam berarti set "
        "milik plugin lain",
        "every version of {set_id!r} is left out, so that {set_id!r} cannot quietly mean "
        "another plugin's set",
    ),
    "plugins.conflict_note": ("{conflict}: {left_out}", "{conflict}: {left_out}"),
    # a table extension clashing with kampungkb's own tables
    "plugins.extension_column_exists": (
        "{plugin} menambahkan kolom {column!r} ke tabel {table!r}, yang sudah dimiliki tabel "
        "kampungkb sendiri sebagai {existing!r}",
        "{plugin} adds column {column!r} to table {table!r}, which kampungkb's own table "
        "already has as {existing!r}",
    ),
    "plugins.extension_column_reserved": (
        "{plugin} menambahkan kolom {column!r} ke tabel {table!r}, tetapi mesin kampungkb "
        "memakai nama itu untuk kolom yang dibuatnya sendiri",
        "{plugin} adds column {column!r} to table {table!r}, but kampungkb's engine uses that "
        "name for a column it makes itself",
    ),
    "plugins.extension_unknown_table": (
        "{plugin} memperluas tabel {table!r}, yang bukan tabel kanonik",
        "{plugin} extends table {table!r}, which is not a canonical table",
    ),
    "plugins.extension_skipped": (
        "{problem}: kolom kampungkb sendiri dipakai dan perluasan tabel {table!r} dari plugin "
        "itu dilewati ({hint})",
        "{problem}: kept kampungkb's columns and skipped the plugin's extension of table "
        "{table!r} ({hint})",
    ),
    "plugins.hint_rename_column": (
        "beri kolom plugin itu nama lain",
        "give the plugin's column another name",
    ),
    "plugins.conflict_note_hint": (
        "{conflict}: {left_out} ({hint})",
        "{conflict}: {left_out} ({hint})",
    ),
    "plugins.hint_keep_builtin": (
        "setel {env}=1 untuk memakai definisi kampungkb sendiri",
        "set {env}=1 to keep kampungkb's",
    ),
    "plugins.hint_switch_off": (
        "matikan plugin itu dengan {env}={name}",
        "switch the plugin off with {env}={name}",
    ),
    "plugins.hint_switch_one_off": (
        "matikan salah satunya dengan {env}=<{names}>",
        "switch one off with {env}=<{names}>",
    ),
    "plugins.semicolon": ("{first}; {second}", "{first}; {second}"),
    "plugins.skipped": ("dilewati: {error}", "skipped {error}"),
    "plugins.or": ("{first}; atau {second}", "{first}; or {second}"),
}
