"""Chinese messages for errors raised while reading report files (ingest/parsers)."""

MESSAGES = {
    "unpacked_too_large": "文件“{file}”解压后约 {size_mb} MB，超过上限 {limit_mb} MB，疑似压缩炸弹，已拒绝处理。可在配置中调整 max_unpacked_mb。",
    "missing_soffice": "无法读取 .doc 文件“{file}”：缺少组件“{package}”。请安装 LibreOffice，或在 Word 中将文件另存为 .docx 后再导入。",
    "file_kind.text": "文本",
    "corrupt_reason.utf16_truncated": "UTF-16 编码的内容不完整",
    "corrupt_reason.unknown_encoding": "无法识别文字编码（可能不是文本文件）",
    "corrupt_reason.unreadable": "文件结构无法读取，请用原软件打开确认后重新保存（技术信息：{detail}）",
    "corrupt_reason.size_mismatch": "压缩包内文件的实际大小与声明不符（文件不完整或被改动过）",
    "doc_conversion_failed": "无法转换 .doc 文件“{file}”（LibreOffice 转换失败：{reason}）。请在 Word 中另存为 .docx 后再导入。",
}
