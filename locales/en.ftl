# appraise's messages in English. Every key here is also in zh.ftl
# (tests/lang.rs checks both against each other and against the code).
# Arguments in { $braces } are filled in by the program: file names,
# rows, values from the user's files, or other messages of this file.

## Framing of a problem

level-error = error
level-warning = warning
level-note = note
frame = { $level }: { $message }
frame-located = { $level }: { $location }: { $message }
frame-hint = {"  "}= { $hint }
loc-row-column = { $file } row { $row }, column { $column }
loc-row = { $file } row { $row }
loc-column = { $file } column { $column }
errors-found = { $count ->
    [one] 1 error found
   *[other] { $count } errors found
}
and-more = { $first } (and { $count } more)
no-end = no end

## Commands: what they did

compute-wrote = wrote { $path } ({ $people } people in { $teams } teams, scheme { $id } { $version })
compute-scheme = scheme { $id } { $version } ({ $file }), in force { $from } to { $until }
compute-read = read { $file }: { $rows } rows
compute-output-is-manifest = this is the month's manifest: choose another --output
check-ok = ok: { $file }: { $id } { $version } ({ $name }), in force { $from } to { $until }: { $inputs } inputs, { $bands } band tables, { $splits } splits, { $rules } rules, { $items } items
close-done = closed { $month } on { $date } ({ $manifest })
bad-date-option = --date: "{ $date }" is not a date YYYY-MM-DD
reopen-no-reason = --reason: say why the month is reopened
reopen-not-kept = { $file } was not there to keep
reopen-done = reopened { $month } on { $date }; what it was closed with is kept in { $kept }
init-wrote = wrote a workspace in { $dir }: appraise.toml, schemes/after-sales-repair.toml, data/{ $month }/ (3 files), README.md
init-next = next: appraise -C { $dir } compute --month { $month }
init-not-a-folder = exists and is not a folder
init-cannot-read = cannot read: { $problem }
init-not-empty = the folder is not empty; init writes a new workspace only into an empty or new folder
verify-differs = { $month } does not agree with { $manifest }: { $count ->
    [one] 1 difference
   *[other] { $count } differences
}
verify-no-longer = { $month } no longer computes from today's inputs and scheme:

## Batches of months

batch-computed = computed
batch-verified = verified
batch-done = done
batch-agrees = agrees with its manifest
batch-failed = failed
batch-ok = { $month }  ok  { $line }{ $more }
batch-warnings = { $count ->
    [one] , 1 warning
   *[other] , { $count } warnings
}
batch-skipped = { $month }  skipped  { $why }
batch-skipped-closed = closed; `appraise reopen --month { $month } --reason …` allows a new compute
batch-error = { $month }  error  { $problem }
batch-summary = { $total ->
    [one] 1 month
   *[other] { $total } months
}: { $count } { $done }
batch-summary-skipped = , { $count } skipped (closed)
batch-summary-failed = , { $count } failed ({ $months })
progress-months = months
progress-teams = teams
progress-zipping = zipping
encoding-not-csv = --encoding { $encoding } applies to --format csv only: { $format ->
    [json] JSON is always UTF-8
   *[other] a workbook stores its text as Unicode whatever the encoding
}
