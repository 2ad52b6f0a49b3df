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

## Values in the input files

kind-id = an ID
kind-text = some text
kind-integer = a whole number
kind-decimal = a number
kind-money = an amount of money
kind-percent = a percentage
kind-bool = yes/no
kind-date = a date
value-not-kind = { $shown } is not { $expected }
value-not-text = { $shown } is not text
value-not-bool = { $shown } is not yes/no (expected 是/否, Y/N, √/×, true/false or 1/0)
value-not-date = { $shown } is not a date (expected e.g. 2024-05-01)
value-is-empty = is empty; expected { $expected }
value-spreadsheet-error = holds the spreadsheet error { $error }; expected { $expected }
value-empty-cell = an empty cell
value-below-min-count = { $shown } is below the minimum: a negative count is not allowed
value-below-min = { $shown } is below the minimum: the smallest allowed is { $min }
value-above-max = { $shown } is above the maximum: the largest allowed is { $max }
value-not-one-of = { $shown } is not one of { $allowed }
value-blank = (blank)
missing-column = missing column { $column }
found-columns = found columns: { $columns }

## Rows, people and teams

duplicate-key = duplicate { $header } "{ $key }": row { $first } has it too
hint-roster-once = each person is on the roster once
hint-team-one-row = each team has one row
hint-person-one-row = each person has one row (a scheme may say rows = "sum" to add them up, or rows = "many" to keep them)
roster-empty = the roster has nobody on it: no rows below the header row (row { $header_row })
unknown-team = team "{ $key }" has nobody on { $roster }
unknown-person = "{ $key }" is not a { $header } on { $roster }
hint-teams-on = teams on { $roster }: { $teams }
hint-roster-incomplete = { $roster } has rows whose { $id } or { $team } could not be read (see above)
hint-row-left-out = the row is left out (unmatched = "warning")
hint-lost-zeros = { $file } has "{ $id }": if the spreadsheet stored the ID as a number, its leading zeros were lost; store IDs as text
no-row-team = no row for team { $team } (on { $roster } from row { $row })
no-row-person = no row for { $header } { $id } { $name } (on { $roster } at row { $row })
hint-one-row-team = rows = "one": every team on { $roster } has exactly one row in this input
hint-one-row-person = rows = "one": everyone on { $roster } has exactly one row in this input
hint-no-default = column { $column } has no default

## Files of the month

no-data-folder = the month's data folder does not exist
no-input-file = no file for input { $input } ({ $label }): expected { $file }.csv, .xlsx, .xls or .ods
several-files = several files for input { $input }: { $files }; keep one
no-optional-file = no file for optional input { $input } ({ $label }): everyone takes its defaults
hint-misnamed-file = found { $found }: the file must be named { $file }.csv, .xlsx, .xls or .ods
row-too-wide = has { $width } cells but the header row has { $columns } columns
hint-unexpected-value = unexpected value { $value } in column { $column }
hint-near-column = column "{ $column }" differs only in spaces, case or character width
column-repeated = column { $name } appears { $times ->
    [2] twice
   *[other] { $times } times
} (columns { $columns })
n-more = { $count } more
list-and = { $rest } and { $last }
file-empty = the file is empty
file-type-unknown = is not a file type appraise reads
hint-file-types = expected .csv, .tsv, .txt, .xlsx, .xlsm, .xls or .ods
file-unreadable = cannot be read: { $problem }
sheet-empty = sheet "{ $sheet }" is empty
file-blank-lines = the file holds only blank lines
no-header-row = has no header row
stopped-after = stopped after { $max } problems; { $count } more not shown

## Calculation errors

calc-cannot = { $who }: cannot compute { $rule }: { $problem }
calc-team = team { $team }: { $problem }
calc-check-failed = { $who }: { $label } (check { $code })
calc-negative-item = { $who }: item { $code } ({ $label }) is { $amount }; a { $kind } item's amount must not be negative (write the opposite case as a { $other } item, or make it kind = "adjustment", which goes either way)
calc-amount-not-given = { $who }: the amount { $name } is not given{ $because }; a payslip amount must have a value (use given(…) or none = …)
calc-totals-too-large = { $who }: the totals are too large to compute exactly
calc-missing-month = month { $month } has no archived results (out/{ $month }/manifest.json)
who-team = team { $team }
who-person = person { $id } { $name } (team { $team })
who-row = { $file } row { $row } ({ $owner })
hint-input-rows = input rows: { $rows }
not-given = { $what }; write given(…) to test it, or say what an empty aggregate gives with none = …
not-given-value = { $name } is not given{ $because }
not-given-aggregate = { $op }({ $over }, …) has nothing to take: not given
not-given-rank = the rank is not given (its value is not given)
not-given-other = a value is not given
because = {" "}({ $cause })
cause-none = { $op } of no { $over }
cause-none-meeting = { $op } of no { $over } meeting its condition
cause-none-given = { $op } of { $count } { $over }, none of them given
cause-blank-cell-at = blank cell in { $file } row { $row }
cause-blank-cells = blank cells in { $file } rows { $rows }
cause-blank-cell = a blank cell
cause-no-row = no row in { $file }
over-rows = { $name } rows
over-members = members
over-teams = teams
item-kind-bonus = bonus
item-kind-deduction = deduction
item-kind-adjustment = adjustment

## Schemes

unknown-key = unknown key "{ $key }" in { $place }
hint-allowed-keys = allowed keys: { $keys }
toml-syntax = TOML syntax: { $problem }
band-table = band table { $name }: { $problem }
band-output-outside = row { $row } gives { $output } = { $value }, outside { $range }
band-outside-domain = row { $row } reaches outside the table's domain { $domain }
band-gap = gap: no row holds { $values }
band-overlap = rows { $first } and { $second } overlap: both hold { $values }
division-by-zero = division by zero ({ $a } / 0)
band-not-monotonic-less-higher = row { $row } ({ $when }) gives less { $output } than row { $other } ({ $other_when }), though higher is better
band-not-monotonic-less-lower = row { $row } ({ $when }) gives less { $output } than row { $other } ({ $other_when }), though lower is better
band-not-monotonic-more-higher = row { $row } ({ $when }) gives more { $output } than row { $other } ({ $other_when }), though higher is better and less { $output } is better
band-not-monotonic-more-lower = row { $row } ({ $when }) gives more { $output } than row { $other } ({ $other_when }), though lower is better and less { $output } is better
weights-not-100 = { $what }: the weights add up to { $total }, not 100% ({ $listed })
hint-acknowledge-weights = correct the weights, or if the source really means { $total }, say so: weights = "acknowledged { $total }"
weights-acknowledged-wrong = { $what }: weights = "acknowledged { $said }", but they add up to { $total } ({ $listed })
weights-acknowledged-100 = { $what }: the weights add up to 100%: remove weights = "acknowledged 100%"
weights-acknowledged = { $what }: the weights add up to { $total }, not 100% ({ $listed }); acknowledged by the scheme
split-not-100 = the shares of case { $case } of split { $name } ({ $composition }) add up to { $total }, not 100%
field-too-long = a value of { $chars } characters is longer than appraise reads ({ $max })
hint-quote-open = is the file cut or its quotes unbalanced? a quote left open runs to the end
csv-unreadable = is not a readable CSV file: { $problem }
not-text = is not a text file ({ $why })
unknown-encoding = unknown encoding "{ $label }"
hint-known-encodings = known encodings include UTF-8, GBK, GB18030, Big5 and UTF-16LE
not-valid-encoding = is not valid { $encoding } text
hint-detect-encoding = leave the encoding out to have it detected
why-workbook = it looks like { $kind ->
    [xls] an .xls
   *[other] an .xlsx or .ods
} workbook; name it accordingly
why-bad-bom = it starts with a { $encoding } byte-order mark but is not { $encoding } text
why-not-utf8-gbk = it is neither UTF-8 nor GBK text
why-control-character = it contains the control character { $code }
sheet-holds-text = is not a readable spreadsheet: it holds text (CSV or HTML), not a workbook
hint-save-as-xlsx = open it in Excel and save it as .xlsx, or name it .csv if it is CSV
sheet-unreadable = is not a readable spreadsheet: { $problem }
no-such-sheet = has no sheet named "{ $sheet }"
hint-sheets = sheets: { $sheets }
no-sheets = has no sheets

## explain

the-roster = the roster
did-you-mean = did you mean { $names }?
hint-teams-of = the teams of { $month }: { $teams }
hint-team-count = { $month } has { $count } teams
hint-people-count = { $month } has { $count } people on { $roster }
explain-no-team = no team "{ $id }" in { $month } ({ $roster })
explain-no-person = no person with 工号 "{ $id }" in { $month } ({ $roster })
cannot-write = cannot write { $path }: { $problem }
cannot-write-stdout = cannot write to standard output: { $problem }
cannot-write-temporary = cannot write the workbook's temporary files in the folder { $dir }: { $problem }
cannot-create = cannot create { $path }: { $problem }
plain-located = { $location }: { $message }
param-unknown-type = unknown parameter type "{ $kind }"; use { $types }
param-not-bool = parameter { $name } is yes/no: write true or false, not { $shown }
param-not-text = parameter { $name } is text: write it in quotes, not { $shown }
param-not-integer = parameter { $name } is declared an integer but is { $value }
not-a-manifest = is not a manifest appraise wrote: { $problem }
kept-value-missing = person { $id }: the kept value { $name } is missing or not a { $kind ->
    [bool] yes/no
    [text] text
   *[other] number
}; was that month computed with a scheme that keeps it?
split-no-case = split { $name } has no case for a team of { $team } (it has { $known }); add a case to the scheme
split-nobody = nobody

## The workspace (appraise.toml)

workspace-unreadable = cannot read the workspace file: { $problem }; run appraise inside a workspace folder or pass -C DIR
workspace-needs-schemes = [workspace] needs schemes = ["schemes/….toml"]
workspace-needs-table = appraise.toml needs a [workspace] table
no-scheme = no scheme is in force for { $month }
no-scheme-with-id = no scheme with id "{ $id }" is in force for { $month }
several-schemes = several schemes are in force for { $month } ({ $schemes }); choose one with --scheme ID
scheme-in-file = { $id } in { $file }

## A month's archive: close, reopen, verify

manifest-unreadable = cannot read the manifest: { $problem }
manifest-not-json = not valid JSON: { $problem }
manifest-invalid = not a valid manifest: { $problem }
manifest-version-unknown = manifest version { $version } is not known to appraise { $appraise } (it reads version { $reads })
manifest-no-version = not a manifest (no "manifest" version)
no-manifest = no manifest: { $month } has not been computed into { $dir }/ (appraise compute --month { $month })
month-closed = { $month } is closed (on { $date }); nothing was written. To compute it again, reopen it: appraise reopen --month { $month } --reason "…"
already-closed = { $month } is already closed (on { $date })
no-outputs-to-close = { $month } has no outputs to close (reopened and not computed since): compute it first
close-output-missing = { $file } is missing: compute { $month } again before closing it
close-output-changed = { $file } has changed since it was computed (sha256 { $old } → { $new }): compute { $month } again before closing it
not-closed = { $month } is not closed: there is nothing to reopen (compute it again as it is)
history-exists = { $dir } already exists: move it away, then reopen again
output-not-file-name = output "{ $file }" is not a file name in { $dir }/
verdict-agrees = { $month } agrees with { $manifest }: scheme { $id } { $version }, { $inputs } { $inputs ->
    [one] input file
   *[other] input files
}, { $outputs } { $outputs ->
    [one] output file
   *[other] output files
}, { $people } people
verdict-differs = { $month } differs from { $manifest } ({ $count } { $count ->
    [one] difference
   *[other] differences
}):
verdict-none = (none)
verdict-version = version { $old } → { $new }
verdict-scheme = {"  "}scheme { $file } changed: { $changes }
verdict-earlier = {"  "}earlier month { $month } read by history rules changed: manifest { $old } → { $new }
verdict-rows = , rows { $old } → { $new }
verdict-input-changed = {"  "}input { $file } changed: sha256 { $old } → { $new }{ $rows }
verdict-input-added = {"  "}input { $file } added: sha256 { $sha }, { $rows } rows
verdict-input-removed = {"  "}input { $file } removed: was sha256 { $sha }, { $rows } rows
verdict-output-changed = {"  "}output { $file } changed on disk: sha256 { $old } → { $new }
verdict-output-missing = {"  "}output { $file } is missing: was sha256 { $sha }
verdict-person-added = {"  "}person { $id } { $name } ({ $team }): added, net { $net }
verdict-person-removed = {"  "}person { $id } { $name } ({ $team }): removed, net was { $net }
verdict-person-changed = {"  "}person { $id } { $name } ({ $team }): { $changes }
verdict-totals = {"  "}totals: { $changes }

## Values on the command line

not-a-month = "{ $value }" is not a month; expected YYYY-MM, e.g. 2024-05
from-after-to = --from { $from } is after --to { $to }; a batch runs from the earlier month to the later
not-gbk = cannot write GBK: this row has characters GBK does not have: { $row }; use --encoding utf-8

## Scheme checks: names, levels, history, variants, rounding

rounding-places = rounding is the number of decimal places amounts are rounded to: 0, 1 or 2 (分)
history-needs-months = [history] needs months = how many months back rules read
history-months = months is a whole number from 1 to { $max }
kept-twice = "{ $name }" is kept twice
keep-not-person-value = keep: "{ $name }" is not a person's value (an input column or a [person] rule)
level-fixed = "{ $name }" is a level of every scheme (person, team, month); name the group otherwise
level-too-many = a scheme has at most { $max } group levels
level-is-rows-input = level { $name } has the name of an input kept as rows (rows = "many"); name one of them otherwise
level-column-type = level { $name }: column "{ $column }" must be a required id or text column: every person belongs to one { $label }
level-not-roster-column = level { $name }: column "{ $column }" is not a column of the roster; a group is a roster column such as 部门
name-not-identifier = { $what } "{ $name }" is not a name an expression can use (letters, digits and _; not starting with a digit)
name-reserved = { $what } "{ $name }" is a reserved word
name-pay-base = { $what } "{ $name }": the name pay_base is reserved for [pay] base (the base salary, which rules read as pay_base); choose another name
defined-at = {" "}as { $what } at line { $line }
already-defined = "{ $name }" is already defined{ $at }
name-kind-band-table = band table
name-kind-band-output = band output
name-kind-category-code = category code
name-kind-column = column
name-kind-flag-code = flag code
name-kind-indicator = indicator
name-kind-input = input
name-kind-item-code = item code
name-kind-level = level
name-kind-parameter = parameter
name-kind-rule = rule
name-kind-split = split
name-kind-score = score
name-kind-deduction = deduction
scheme-not-utf8 = the scheme is not UTF-8 text
extends-not-file-name = extends = "{ $base }": name a scheme file beside this one (a file name such as "after-sales-repair.toml", no folders)
extends-unreadable = extends = "{ $base }": cannot read { $file }: { $problem }
until-before-from = effective_until { $until } is before effective_from { $from }
variant-unknown-parameter = parameter { $name } is not a parameter of { $base }; a variant sets the values of its base's parameters only
variant-base-has = { $base } has: { $known }
input-kind-unknown = unknown input kind "{ $kind }"; use roster, team or person
one-roster = a scheme has one roster input
roster-rows = the roster has one row per person; rows is for team and person inputs
rows-unknown = rows = "{ $rows }": use "one" (exactly one row each), "sum" (several rows add up) or "many" (rows kept, for aggregates)
too-many-rows-inputs = too many inputs kept as rows (rows = "many")
unmatched-values = unmatched is "error" or "warning"
roster-needs-id = the roster needs a column named "id" (the person's 工号)
key-not-column = the key "{ $key }" is not one of this input's columns
key-column-type = the key column "{ $column }" must be of type id
column-needs-default-person = column { $input }.{ $column } needs a default: people with no row in this input take it
hint-optional-or-one = or say optional = true (no row: not given), or rows = "one" (a missing row is an error)
roster-not-optional = the roster cannot be optional: it defines the people of the month
column-needs-default-team = column { $input }.{ $column } needs a default: the input is optional, and without its file every team takes the defaults
column-cannot-sum = column { $input }.{ $column } is { $kind }, which rows = "sum" cannot add up; use a number column (e.g. 1/0) or rows = "one"
roster-needs-columns = the roster needs columns named id (工号), name (姓名) and team (班组)
needs-roster = the scheme needs one input with kind = "roster" (the people of the month)
column-type-unknown = unknown column type "{ $kind }"
hint-column-types = types: { $types }
date-no-default = a date column cannot have a default
percent-as-values = percent_as is "fraction" (a bare 0.95 means 95%) or "points" (a bare 95 means 95%)
input-file-outside = input { $input }: file "{ $file }" is outside the month's folder: an input's file is read from data/<month>/ only
hint-earlier-month = to read an earlier month's results, use [history] keep = […] and past(k, …); an earlier month's inputs are that month's

## Spreadsheet limits

sheet-cell = sheet "{ $sheet }" cell { $cell }: { $message }
cell-past-xfd = is past the last column a sheet has (XFD)
cell-too-long = holds { $chars } characters of text, more than a cell can hold ({ $max })
rows-out-of-order = comes after row { $row }: the sheet's rows are out of order
hint-save-again = open it in Excel and save it again
sheet-spans-too-much = makes the sheet span more than { $max } cells
reader-failed = the spreadsheet reader failed on it
hint-save-as-xlsx-or-csv = save it as .xlsx or .csv: those are read cell by cell, without this limit
workbook-too-large = is an { $kind } workbook of { $size } MB, larger than appraise reads ({ $max } MB)
xls-sector-loop = is a damaged .xls file: a chain of its sectors loops back on itself
hint-save-again-xlsx = open it in Excel and save it again, as .xlsx
ods-too-many-cells = is an .ods workbook whose sheets span { $cells } cells, more than appraise reads ({ $max })
ods-unzips-too-large = is an .ods workbook whose content unzips to more than { $max } MB

## Writing the results

cannot-write-temporary-file = cannot write a temporary file in the folder { $dir }: { $problem }
cannot-create-folder = cannot create the folder { $dir }: { $problem }
cannot-create-file-in = cannot create a file in the folder { $dir }: { $problem }
file-not-folder = { $file } is a file, not a folder
