"""Chinese messages for ReportError codes and pydantic validation errors."""

ERRORS = {
    "report_error": "处理报告时出错：{detail}",
    "unexpected": "发生意外错误：{detail}",
    "input_file": "无法读取文件“{file}”：{reason}",
    "file_too_large": "文件“{file}”大小为 {size_mb} MB，超过上限 {limit_mb} MB，未处理。可在配置中调整 max_file_mb。",
    "empty_file": "文件“{file}”是空的，没有可读取的文字。",
    "unsupported_format": "不支持的文件类型“{suffix}”（文件“{file}”）。支持：{valid}",
    "corrupt_file": "文件“{file}”已损坏或不是有效的{kind}文件：{reason}",
    "needs_ocr": "文件“{file}”是扫描件（PDF 中没有文字层），需要OCR识别后再导入。",
    "missing_dependency": "缺少组件“{package}”：{hint}",
    "model_validation": "报告数据文件“{file}”中有 {count} 处填写有误（完整的填报模板可用 nianbao new 生成）：",
    "malformed_json": "报告数据文件“{file}”不是有效的 JSON（第 {line} 行第 {col} 列附近：{reason}）。",
    "unknown_backend": "未知的{kind}：“{name}”，可选：{valid}",
    "embedding_mismatch": "资料库是用向量模型“{stored}”建立的，当前配置的是“{current}”，不能混用。请运行 nianbao library reindex 重新建立资料库。",
    "model_not_built": "内置向量模型尚未生成（{path}）。请先运行 nianbao models build（make app / make test 会自动完成）。",
    "llm_unavailable": "大模型服务（{base_url}）无法使用：{reason}。输入内容已保存，可稍后重试，或改用内置写作。",
    "settings": "配置有误（{file}）：{detail}",
}

# pydantic error type → Chinese line; {field} is the official label of the cell or field.
VALIDATION_TYPES = {
    "default": "{field}：{msg}（填写的是 {input}）",
    "missing": "{field}：缺少此项",
    "extra_forbidden": "{field}：不认识的字段（报告模板中没有这一项）",
    "int_parsing": "{field}：应填写整数，填写的是 {input}",
    "int_type": "{field}：应填写整数，填写的是 {input}",
    "int_from_float": "{field}：应填写整数，不能有小数，填写的是 {input}",
    "decimal_parsing": "{field}：应填写数字，填写的是 {input}",
    "decimal_type": "{field}：应填写数字，填写的是 {input}",
    "decimal_max_places": "{field}：小数位数过多（最多 {decimal_places} 位），填写的是 {input}",
    "greater_than_equal": "{field}：不能为负数，填写的是 {input}",
    "less_than_equal": "{field}：数值过大（上限 {le}），填写的是 {input}",
    "literal_error": "{field}：只能是 {expected}，填写的是 {input}",
    "string_type": "{field}：应填写文字，填写的是 {input}",
    "date_from_datetime_parsing": "{field}：日期格式应为 YYYY-MM-DD，填写的是 {input}",
    "date_parsing": "{field}：日期格式应为 YYYY-MM-DD，填写的是 {input}",
    "model_type": "{field}：格式不对，应为一组字段，填写的是 {input}",
    "list_type": "{field}：应为列表，填写的是 {input}",
    "bool_parsing": "{field}：应为 是/否，填写的是 {input}",
}
