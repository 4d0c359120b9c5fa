"""Chinese text of the county server's safety (no account yet), stored drafts and chat under the policy,
binding reports that predate accounts, and the admin's password reset."""

MESSAGES = {
    # a county server with no account yet (app page and CLI)
    "setup.title": "县级服务器尚未开设账号",
    "setup.body": ("本服务器以账号模式运行（县级服务器），但数据库中还没有任何账号，因此不显示任何报告。"
                   "请信息化工作人员在服务器上运行下面的命令创建第一个管理员账号，然后刷新本页登录："),
    "setup.command": "nianbao users add 管理员账号名 --role admin",
    "setup.after": "管理员登录后，可在“账号管理”页为各单位的填报人和各县的审核人开设账号（也可用 nianbao users add）。",
    "cli.no_accounts_yet": ("本服务器以账号模式运行，但还没有任何账号，不能处理报告。"
                            "请先运行 nianbao users add 账号名 --role admin 创建管理员账号。"),
    # binding reports that predate accounts
    "assign.title": "归属未绑定单位的报告",
    "assign.caption": "启用账号之前保存的报告不属于任何单位，只有管理员可见。指定单位和县后，该单位的填报人即可查看和修改。",
    "assign.none": "没有未绑定单位的报告。",
    "assign.pick": "报告",
    "assign.unit": "单位",
    "assign.county": "县（市、区）",
    "assign.submit": "归属该单位",
    "assign.done": "报告（编号 {id}）已归属{county}{unit}。",
    "assign.row": "编号 {id} · {unit} · {year} 年 · 更新于 {updated_at}",
    "assign_denied": "不能归属报告（编号 {id}）：{reason}",
    "assign.not_admin": "只有管理员可以归属报告。",
    "assign.already_bound": "这份报告已归属某个单位。",
    "assign.needs_unit": "须指定单位和县。",
    "cli.assign_needs_accounts": "归属单位只在启用账号的县级服务器上使用（见 deploy/部署说明.md）：请以管理员账号（--user）运行。",
    "cli.reports_assigned": "报告（编号 {id}）已归属 {county} {unit}。",
    # the admin's password reset
    "reset.title": "重设密码",
    "reset.pick": "账号",
    "reset.password": "新密码",
    "reset.submit": "重设密码",
    "reset.done": "已重设账号“{name}”的密码，其已有的登录全部失效。",
}
