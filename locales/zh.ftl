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
