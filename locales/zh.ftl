# appraise 的中文提示。每个键在 en.ftl 中也有（tests/lang.rs 检查两份文件
# 互相一致，并与代码一致）。{ $花括号 } 中的参数由程序填入：文件名、行号、
# 用户文件中的值，或本文件中的其他消息。

## 问题的格式

level-error = 错误
level-warning = 警告
level-note = 注意
frame = { $level }：{ $message }
frame-located = { $level }：{ $location }：{ $message }
frame-hint = {"  "}= { $hint }
loc-row-column = { $file } 第{ $row }行，列 { $column }
loc-row = { $file } 第{ $row }行
loc-column = { $file } 列 { $column }
errors-found = 共 { $count } 个错误
and-more = { $first }（另有 { $count } 个）
no-end = 无终止

## 命令：做了什么

compute-wrote = 已写入 { $path }（{ $teams } 个班组共 { $people } 人，方案 { $id } { $version }）
compute-scheme = 方案 { $id } { $version }（{ $file }），生效期 { $from } 至 { $until }
compute-read = 已读取 { $file }：{ $rows } 行
compute-output-is-manifest = 这是本月的清单文件：请另选 --output
check-ok = 通过：{ $file }：{ $id } { $version }（{ $name }），生效期 { $from } 至 { $until }：{ $inputs } 个输入、{ $bands } 张分档表、{ $splits } 个分配、{ $rules } 条规则、{ $items } 个项目
close-done = 已于 { $date } 结账 { $month }（{ $manifest }）
bad-date-option = --date：“{ $date }”不是 YYYY-MM-DD 格式的日期
reopen-no-reason = --reason：请说明重新打开本月的原因
reopen-not-kept = { $file } 不存在，未能保留
reopen-done = 已于 { $date } 重新打开 { $month }；结账时的文件保留在 { $kept }
init-wrote = 已在 { $dir } 写入工作区：appraise.toml、schemes/after-sales-repair.toml、data/{ $month }/（3 个文件）、README.md
init-next = 下一步：appraise -C { $dir } compute --month { $month }
init-not-a-folder = 已存在，且不是文件夹
init-cannot-read = 无法读取：{ $problem }
init-not-empty = 文件夹不是空的；init 只在空文件夹或新文件夹中写入新工作区
verify-differs = { $month } 与 { $manifest } 不一致：{ $count } 处不同
verify-no-longer = { $month } 按现在的输入和方案已无法计算：

## 批量计算

batch-computed = 已计算
batch-verified = 已核对
batch-done = 完成
batch-agrees = 与清单一致
batch-failed = 失败
batch-ok = { $month }  完成  { $line }{ $more }
batch-warnings = ，{ $count } 个警告
batch-skipped = { $month }  跳过  { $why }
batch-skipped-closed = 已结账；`appraise reopen --month { $month } --reason …` 后可重新计算
batch-error = { $month }  错误  { $problem }
batch-summary = { $total } 个月：{ $done } { $count } 个
batch-summary-skipped = ，跳过 { $count } 个（已结账）
batch-summary-failed = ，失败 { $count } 个（{ $months }）
progress-months = 个月
progress-teams = 个班组
progress-zipping = 压缩中
encoding-not-csv = --encoding { $encoding } 只用于 --format csv：{ $format ->
    [json] JSON 总是 UTF-8 编码
   *[other] 工作簿中的文字总以 Unicode 保存，与编码无关
}

## 输入文件中的值

kind-id = 编号
kind-text = 文字
kind-integer = 整数
kind-decimal = 数字
kind-money = 金额
kind-percent = 百分比
kind-bool = 是/否
kind-date = 日期
value-not-kind = { $shown } 不是{ $expected }
value-not-text = { $shown } 不是文字
value-not-bool = { $shown } 不是“是/否”（应为 是/否、Y/N、√/×、true/false 或 1/0）
value-not-date = { $shown } 不是日期（应如 2024-05-01）
value-is-empty = 为空；应为{ $expected }
value-spreadsheet-error = 含表格错误值 { $error }；应为{ $expected }
value-empty-cell = 空单元格
value-below-min-count = { $shown } 低于下限：数量不能为负
value-below-min = { $shown } 低于下限：最小允许 { $min }
value-above-max = { $shown } 超过上限：最大允许 { $max }
value-not-one-of = { $shown } 不是可选值之一：{ $allowed }
value-blank = （空白）
missing-column = 缺少列 { $column }
found-columns = 找到的列：{ $columns }

## 行、人员和班组

duplicate-key = { $header } “{ $key }”重复：第{ $first }行也是它
hint-roster-once = 每人在花名册上只能出现一次
hint-team-one-row = 每个班组只有一行
hint-person-one-row = 每人只有一行（方案可写 rows = "sum" 把各行相加，或 rows = "many" 逐行保留）
roster-empty = 花名册上没有人：表头行（第{ $header_row }行）下面没有数据行
unknown-team = 班组“{ $key }”在 { $roster } 上没有人
unknown-person = “{ $key }”不是 { $roster } 上的{ $header }
hint-teams-on = { $roster } 上的班组：{ $teams }
hint-roster-incomplete = { $roster } 有些行的{ $id }或{ $team }无法读取（见上文）
hint-row-left-out = 此行不计入（unmatched = "warning"）
hint-lost-zeros = { $file } 中有“{ $id }”：若表格把编号存成了数字，前导零会丢失；请把编号存为文本
no-row-team = 班组 { $team } 没有数据行（见 { $roster } 第{ $row }行起）
no-row-person = { $header } { $id } { $name } 没有数据行（见 { $roster } 第{ $row }行）
hint-one-row-team = rows = "one"：{ $roster } 上的每个班组在此输入中恰有一行
hint-one-row-person = rows = "one"：{ $roster } 上的每个人在此输入中恰有一行
hint-no-default = 列 { $column } 没有默认值

## 本月的文件

no-data-folder = 本月的数据文件夹不存在
no-input-file = 缺少输入 { $input }（{ $label }）的文件：应为 { $file }.csv、.xlsx、.xls 或 .ods
several-files = 输入 { $input } 有多个文件：{ $files }；只保留一个
no-optional-file = 没有可选输入 { $input }（{ $label }）的文件：所有人取其默认值
hint-misnamed-file = 找到 { $found }：文件名应为 { $file }.csv、.xlsx、.xls 或 .ods
row-too-wide = 有 { $width } 个单元格，但表头只有 { $columns } 列
hint-unexpected-value = 第 { $column } 列有多余的值 { $value }
hint-near-column = 列“{ $column }”只在空格、大小写或全角半角上不同
column-repeated = 列 { $name } 出现了 { $times } 次（第 { $columns } 列）
n-more = 另 { $count } 个
list-and = { $rest } 和 { $last }
file-empty = 文件是空的
file-type-unknown = 不是 appraise 能读取的文件类型
hint-file-types = 应为 .csv、.tsv、.txt、.xlsx、.xlsm、.xls 或 .ods
file-unreadable = 无法读取：{ $problem }
sheet-empty = 工作表“{ $sheet }”是空的
file-blank-lines = 文件中只有空行
no-header-row = 没有表头行
stopped-after = 已列出 { $max } 个问题后停止；另有 { $count } 个未列出

## 计算错误

calc-cannot = { $who }：无法计算 { $rule }：{ $problem }
calc-team = 班组 { $team }：{ $problem }
calc-check-failed = { $who }：{ $label }（检查 { $code }）
calc-negative-item = { $who }：项目 { $code }（{ $label }）为 { $amount }；{ $kind }项目的金额不能为负（把相反的情况写成{ $other }项目，或设为 kind = "adjustment"，可正可负）
calc-amount-not-given = { $who }：金额 { $name } 未给出{ $because }；工资条上的金额必须有值（用 given(…) 或 none = …）
calc-totals-too-large = { $who }：合计数太大，无法精确计算
calc-missing-month = { $month } 月没有存档结果（out/{ $month }/manifest.json）
who-team = 班组 { $team }
who-person = 员工 { $id } { $name }（班组 { $team }）
who-row = { $file } 第{ $row }行（{ $owner }）
hint-input-rows = 输入行：{ $rows }
not-given = { $what }；用 given(…) 检验它，或用 none = … 说明空聚合取什么值
not-given-value = { $name } 未给出{ $because }
not-given-aggregate = { $op }({ $over }, …) 没有可取的值：未给出
not-given-rank = 名次未给出（其依据的值未给出）
not-given-other = 有值未给出
because = （{ $cause }）
cause-none = 没有{ $over }可求 { $op }
cause-none-meeting = 没有满足条件的{ $over }可求 { $op }
cause-none-given = { $count } 个{ $over }求 { $op }，都未给出
cause-blank-cell-at = { $file } 第{ $row }行是空单元格
cause-blank-cells = { $file } 第 { $rows } 行是空单元格
cause-blank-cell = 空单元格
cause-no-row = { $file } 中没有对应的行
over-rows = { $name } 行
over-members = 成员
over-teams = 班组
item-kind-bonus = 奖励
item-kind-deduction = 扣款
item-kind-adjustment = 调整

## 方案

unknown-key = { $place } 中有未知的键“{ $key }”
hint-allowed-keys = 允许的键：{ $keys }
toml-syntax = TOML 语法错误：{ $problem }
band-table = 分档表 { $name }：{ $problem }
band-output-outside = 第 { $row } 档给出 { $output } = { $value }，超出 { $range }
band-outside-domain = 第 { $row } 档超出了表的取值范围 { $domain }
band-gap = 有空档：没有哪一档包含 { $values }
band-overlap = 第 { $first } 档和第 { $second } 档重叠：都包含 { $values }
division-by-zero = 除数为零（{ $a } / 0）
band-not-monotonic-less-higher = 第 { $row } 档（{ $when }）给出的 { $output } 比第 { $other } 档（{ $other_when }）少，但越高越好
band-not-monotonic-less-lower = 第 { $row } 档（{ $when }）给出的 { $output } 比第 { $other } 档（{ $other_when }）少，但越低越好
band-not-monotonic-more-higher = 第 { $row } 档（{ $when }）给出的 { $output } 比第 { $other } 档（{ $other_when }）多，但越高越好，且 { $output } 越少越好
band-not-monotonic-more-lower = 第 { $row } 档（{ $when }）给出的 { $output } 比第 { $other } 档（{ $other_when }）多，但越低越好，且 { $output } 越少越好
weights-not-100 = { $what }：权重合计 { $total }，不是 100%（{ $listed }）
hint-acknowledge-weights = 请更正权重；如果原文确实是 { $total }，请写明：weights = "acknowledged { $total }"
weights-acknowledged-wrong = { $what }：weights = "acknowledged { $said }"，但权重合计为 { $total }（{ $listed }）
weights-acknowledged-100 = { $what }：权重合计正好 100%：请删去 weights = "acknowledged 100%"
weights-acknowledged = { $what }：权重合计 { $total }，不是 100%（{ $listed }）；方案已注明认可
split-not-100 = 分配 { $name } 第 { $case } 种情况（{ $composition }）的份额合计 { $total }，不是 100%
field-too-long = 值长 { $chars } 个字符，超过 appraise 读取的上限（{ $max }）
hint-quote-open = 文件是否被截断，或引号不成对？未闭合的引号会一直延续到文件末尾
csv-unreadable = 不是可读的 CSV 文件：{ $problem }
not-text = 不是文本文件（{ $why }）
unknown-encoding = 未知的编码“{ $label }”
hint-known-encodings = 已知的编码有 UTF-8、GBK、GB18030、Big5 和 UTF-16LE 等
not-valid-encoding = 不是有效的 { $encoding } 文本
hint-detect-encoding = 不写编码，由程序自动识别
why-workbook = 看起来是 { $kind ->
    [xls] .xls
   *[other] .xlsx 或 .ods
} 工作簿；请按此命名
why-bad-bom = 以 { $encoding } 字节顺序标记开头，但不是 { $encoding } 文本
why-not-utf8-gbk = 既不是 UTF-8 也不是 GBK 文本
why-control-character = 含有控制字符 { $code }
sheet-holds-text = 不是可读的电子表格：其中是文本（CSV 或 HTML），不是工作簿
hint-save-as-xlsx = 用 Excel 打开后另存为 .xlsx；如果是 CSV，就把它命名为 .csv
sheet-unreadable = 不是可读的电子表格：{ $problem }
no-such-sheet = 没有名为“{ $sheet }”的工作表
hint-sheets = 工作表：{ $sheets }
no-sheets = 没有工作表

## explain

the-roster = 花名册
did-you-mean = 是不是 { $names }？
hint-teams-of = { $month } 的班组：{ $teams }
hint-team-count = { $month } 共有 { $count } 个班组
hint-people-count = { $month } 在 { $roster } 上共有 { $count } 人
explain-no-team = { $month } 没有班组“{ $id }”（{ $roster }）
explain-no-person = { $month } 没有工号为“{ $id }”的人（{ $roster }）
cannot-write = 无法写入 { $path }：{ $problem }
cannot-write-stdout = 无法写到标准输出：{ $problem }
cannot-write-temporary = 无法在文件夹 { $dir } 中写入工作簿的临时文件：{ $problem }
cannot-create = 无法创建 { $path }：{ $problem }
plain-located = { $location }：{ $message }
param-unknown-type = 未知的参数类型“{ $kind }”；可用 { $types }
param-not-bool = 参数 { $name } 是“是/否”类型：应写 true 或 false，而不是 { $shown }
param-not-text = 参数 { $name } 是文字：应加引号，而不是 { $shown }
param-not-integer = 参数 { $name } 声明为整数，但值为 { $value }
not-a-manifest = 不是 appraise 写出的清单：{ $problem }
kept-value-missing = 员工 { $id }：保留值 { $name } 缺失或不是 { $kind ->
    [bool] “是/否”
    [text] 文字
   *[other] 数字
}；那个月是否用保留此值的方案计算？
split-no-case = 分配 { $name } 没有适用于 { $team } 的班组的情况（现有：{ $known }）；请在方案中加一种情况
split-nobody = 无人

## 工作区（appraise.toml）

workspace-unreadable = 无法读取工作区文件：{ $problem }；请在工作区文件夹中运行 appraise，或用 -C DIR 指定
workspace-needs-schemes = [workspace] 需要 schemes = ["schemes/….toml"]
workspace-needs-table = appraise.toml 需要 [workspace] 表
no-scheme = { $month } 没有生效的方案
no-scheme-with-id = { $month } 没有 id 为“{ $id }”的生效方案
several-schemes = { $month } 有多个生效的方案（{ $schemes }）；请用 --scheme ID 选择一个
scheme-in-file = { $id }（{ $file }）

## 月份存档：结账、重新打开、核对

manifest-unreadable = 无法读取清单：{ $problem }
manifest-not-json = 不是有效的 JSON：{ $problem }
manifest-invalid = 不是有效的清单：{ $problem }
manifest-version-unknown = appraise { $appraise } 不认识清单版本 { $version }（它读取版本 { $reads }）
manifest-no-version = 不是清单（没有 "manifest" 版本号）
no-manifest = 没有清单：{ $month } 尚未计算到 { $dir }/（appraise compute --month { $month }）
month-closed = { $month } 已结账（{ $date }）；未写入任何文件。如需重新计算，请先重新打开：appraise reopen --month { $month } --reason "…"
already-closed = { $month } 已经结账（{ $date }）
no-outputs-to-close = { $month } 没有可结账的输出（重新打开后尚未计算）：请先计算
close-output-missing = { $file } 不存在：请重新计算 { $month } 后再结账
close-output-changed = { $file } 在计算后被改动过（sha256 { $old } → { $new }）：请重新计算 { $month } 后再结账
not-closed = { $month } 未结账：无需重新打开（直接重新计算即可）
history-exists = { $dir } 已存在：请先移走，再重新打开
output-not-file-name = 输出“{ $file }”不是 { $dir }/ 中的文件名
verdict-agrees = { $month } 与 { $manifest } 一致：方案 { $id } { $version }，{ $inputs } 个输入文件，{ $outputs } 个输出文件，{ $people } 人
verdict-differs = { $month } 与 { $manifest } 不一致（{ $count } 处不同）：
verdict-none = （无）
verdict-version = 版本 { $old } → { $new }
verdict-scheme = {"  "}方案 { $file } 有改动：{ $changes }
verdict-earlier = {"  "}历史规则读取的往月 { $month } 有改动：清单 { $old } → { $new }
verdict-rows = ，行数 { $old } → { $new }
verdict-input-changed = {"  "}输入 { $file } 有改动：sha256 { $old } → { $new }{ $rows }
verdict-input-added = {"  "}新增输入 { $file }：sha256 { $sha }，{ $rows } 行
verdict-input-removed = {"  "}输入 { $file } 已删除：原 sha256 { $sha }，{ $rows } 行
verdict-output-changed = {"  "}输出 { $file } 在磁盘上有改动：sha256 { $old } → { $new }
verdict-output-missing = {"  "}输出 { $file } 不存在：原 sha256 { $sha }
verdict-person-added = {"  "}员工 { $id } { $name }（{ $team }）：新增，实发 { $net }
verdict-person-removed = {"  "}员工 { $id } { $name }（{ $team }）：已删除，原实发 { $net }
verdict-person-changed = {"  "}员工 { $id } { $name }（{ $team }）：{ $changes }
verdict-totals = {"  "}合计：{ $changes }

## 命令行上的值

not-a-month = “{ $value }”不是月份；应为 YYYY-MM，如 2024-05
from-after-to = --from { $from } 晚于 --to { $to }；批量计算从较早的月份算到较晚的月份
not-gbk = 无法写成 GBK：此行有 GBK 没有的字符：{ $row }；请用 --encoding utf-8

## 方案检查：名称、层级、历史、变体、舍入

rounding-places = rounding 是金额舍入到的小数位数：0、1 或 2（分）
history-needs-months = [history] 需要 months = 规则往前读取的月数
history-months = months 是 1 到 { $max } 之间的整数
kept-twice = “{ $name }”保留了两次
keep-not-person-value = keep：“{ $name }”不是员工的值（输入列或 [person] 规则）
level-fixed = “{ $name }”是每个方案都有的层级（person、team、month）；请给分组另取名称
level-too-many = 一个方案最多有 { $max } 个分组层级
level-is-rows-input = 层级 { $name } 与按行保留（rows = "many"）的输入同名；请给其中一个另取名称
level-column-type = 层级 { $name }：列“{ $column }”必须是必填的编号或文字列：每人属于一个{ $label }
level-not-roster-column = 层级 { $name }：列“{ $column }”不是花名册的列；分组是花名册中的列，如 部门
name-not-identifier = { $what }“{ $name }”不能用作表达式中的名称（字母、数字和 _；不能以数字开头）
name-reserved = { $what }“{ $name }”是保留字
name-pay-base = { $what }“{ $name }”：名称 pay_base 留给 [pay] base（基本工资，规则中读作 pay_base）；请另取名称
defined-at = （已在第 { $line } 行定义为{ $what }）
already-defined = “{ $name }”已定义{ $at }
name-kind-band-table = 分档表
name-kind-band-output = 分档输出
name-kind-category-code = 类别代码
name-kind-column = 列
name-kind-flag-code = 标记代码
name-kind-indicator = 指标
name-kind-input = 输入
name-kind-item-code = 项目代码
name-kind-level = 层级
name-kind-parameter = 参数
name-kind-rule = 规则
name-kind-split = 分配
name-kind-score = 评分
name-kind-deduction = 扣分项
scheme-not-utf8 = 方案不是 UTF-8 文本
extends-not-file-name = extends = "{ $base }"：请写本方案旁边的方案文件名（如 "after-sales-repair.toml"，不含文件夹）
extends-unreadable = extends = "{ $base }"：无法读取 { $file }：{ $problem }
until-before-from = effective_until { $until } 早于 effective_from { $from }
variant-unknown-parameter = 参数 { $name } 不是 { $base } 的参数；变体只能设置其基础方案的参数值
variant-base-has = { $base } 的参数：{ $known }
input-kind-unknown = 未知的输入类型“{ $kind }”；可用 roster、team 或 person
one-roster = 一个方案只有一个花名册输入
roster-rows = 花名册每人一行；rows 只用于班组和员工输入
rows-unknown = rows = "{ $rows }"：可用 "one"（每个恰好一行）、"sum"（多行相加）或 "many"（逐行保留，供聚合用）
too-many-rows-inputs = 按行保留（rows = "many"）的输入太多
unmatched-values = unmatched 可为 "error" 或 "warning"
roster-needs-id = 花名册需要名为 "id" 的列（员工的工号）
key-not-column = 键“{ $key }”不是此输入的列
key-column-type = 键列“{ $column }”的类型必须是 id
column-needs-default-person = 列 { $input }.{ $column } 需要默认值：在此输入中没有数据行的人取默认值
hint-optional-or-one = 或写 optional = true（没有数据行：未给出），或 rows = "one"（缺少数据行即为错误）
roster-not-optional = 花名册不能是可选的：它决定本月有哪些人
column-needs-default-team = 列 { $input }.{ $column } 需要默认值：此输入是可选的，没有其文件时每个班组取默认值
column-cannot-sum = 列 { $input }.{ $column } 的类型为{ $kind }，rows = "sum" 无法相加；请用数字列（如 1/0）或 rows = "one"
roster-needs-columns = 花名册需要名为 id（工号）、name（姓名）和 team（班组）的列
needs-roster = 方案需要一个 kind = "roster" 的输入（本月的人员）
column-type-unknown = 未知的列类型“{ $kind }”
hint-column-types = 类型：{ $types }
date-no-default = 日期列不能有默认值
percent-as-values = percent_as 可为 "fraction"（不带 % 的 0.95 表示 95%）或 "points"（不带 % 的 95 表示 95%）
input-file-outside = 输入 { $input }：文件“{ $file }”在本月的文件夹之外：输入文件只从 data/<月份>/ 读取
hint-earlier-month = 要读取往月的结果，请用 [history] keep = […] 和 past(k, …)；往月的输入属于那个月

## 表格的上限

sheet-cell = 工作表“{ $sheet }”单元格 { $cell }：{ $message }
cell-past-xfd = 超出了工作表的最后一列（XFD）
cell-too-long = 含 { $chars } 个字符的文字，超过单元格的容量（{ $max }）
rows-out-of-order = 出现在第 { $row } 行之后：工作表的行顺序错乱
hint-save-again = 用 Excel 打开后重新保存
sheet-spans-too-much = 使工作表跨越的单元格超过 { $max } 个
reader-failed = 表格读取程序读它时出错
hint-save-as-xlsx-or-csv = 另存为 .xlsx 或 .csv：这两种格式逐格读取，没有这个上限
workbook-too-large = 是 { $size } MB 的 { $kind } 工作簿，超过 appraise 读取的上限（{ $max } MB）
xls-sector-loop = 是损坏的 .xls 文件：其扇区链循环指回自身
hint-save-again-xlsx = 用 Excel 打开后重新另存为 .xlsx
ods-too-many-cells = 是工作表跨越 { $cells } 个单元格的 .ods 工作簿，超过 appraise 读取的上限（{ $max }）
ods-unzips-too-large = 是解压后内容超过 { $max } MB 的 .ods 工作簿

## 写出结果

cannot-write-temporary-file = 无法在文件夹 { $dir } 中写入临时文件：{ $problem }
cannot-create-folder = 无法创建文件夹 { $dir }：{ $problem }
cannot-create-file-in = 无法在文件夹 { $dir } 中创建文件：{ $problem }
file-not-folder = { $file } 是文件，不是文件夹
