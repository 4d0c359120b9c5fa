"""Chinese text of the speed work: drafting without a library, model build progress."""

MESSAGES = {
    "speed.draft_without_library": "资料库还是空的，本次起草未参考其他单位的同类表述（导入往年报告后可参考：nianbao ingest 文件或文件夹）。",
    "speed.model_building": "正在生成内置中文向量模型（只需一次，约5–10分钟）……",
    "speed.model_stage.vocabulary": "整理词表",
    "speed.model_stage.teacher": "教师模型逐词编码",
    "speed.model_stage.reduce": "降维与加权",
    "speed.model_stage.save": "保存模型",
    "speed.model_progress": "  {percent}%（{done}/{total} 个词条），预计还需 {left}",
    "speed.duration": "{m}分{s}秒",
    "speed.model_ready": "{path}\t{model_id}",
}
