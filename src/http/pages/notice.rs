//! Fixed messages shown after a successful action (`?notice=…`). Only these codes are shown,
//! so a link cannot put words of its own on our pages.

pub fn text(code: &str) -> Option<&'static str> {
    Some(match code {
        "status" => "赛事状态已更新。",
        "event" => "比赛项目已创建。",
        "event_updated" => "比赛项目已更新。",
        "result_rules" => "成绩规则已保存。",
        "result_rules_cleared" => "本项目改用赛事默认的成绩规则。",
        "settings" => "赛事设置已保存。",
        "organisation" => "单位已登记。",
        "entrant" => "选手已添加。",
        "entrant_status" => "选手状态已更新。",
        "entrant_removed" => "报名记录已删除。",
        "judge" => "裁判已添加。",
        "substitute" => "替补裁判已添加，并已分配全组回避的选手；请为他发放平板登录码。",
        "assigned" => "已分配。",
        "sessions_ended" => "该裁判的平板登录已全部结束。",
        "draw" => "抽签完成，结果已记录。",
        "draw_sealed" => "加密号已抽取并封存：评分锁定后才能解密，每次查看都会记录。",
        "second_draw_on" => {
            "已启用二次加密：请重新抽取加密号（结果封存至评分锁定后解密），工位号在检录时抽取。"
        }
        "second_draw_off" => "已停用二次加密：请重新抽签。",
        "scheme" => "评分方案已更新。",
        "imported_entrants" => "选手名单已全部导入。",
        "imported_judges" => "裁判名单已全部导入。",
        "theory_imported" => "理论成绩已导入（理论模块签字后为提交裁判长的更正申请）。",
        "module_signed" => "模块已签字确认，其分数已定。",
        "sign_off_withdrawn" => "已撤销签字，裁判可再次修改本模块分数。",
        "spread_accepted" => "已接受该分差，该项分数计入成绩。",
        "marks_locked" => "本项目评分已锁定。此后的修改须提交更正并经裁判长批准。",
        "paper_decided" => "纸质评分表的分数已核定，记入审计记录。",
        "correction_approved" => "更正已批准并生效，记入审计记录。",
        "correction_rejected" => "更正已驳回。",
        "live_settings" => "观众实时排名设置已保存。",
        "results_published" => "成绩已公布。",
        "publicity_window" => "公示期已保存。",
        "member" => "账号已创建，请将用户名和初始密码交给本人。",
        "calendar" => "节假日与调休表已保存。",
        "results_recomputed" => "成绩已重新计算。",
        "results_signed" => "成绩已签署。",
        "case_filed" => "申诉已受理。",
        "case_decided" => "仲裁结论已记录。",
        "certificates_issued" => "证书已颁发，编号已分配；领取码名单可在下方下载。",
        "certificate_template" => "证书样式已保存。之后颁发的证书按此样式打印。",
        "certificate_seal" => "印章图片已保存。",
        "certificate_positions" => "套打位置已保存，请打印测试页核对。",
        "certificate_revoked" => "证书已作废，查验页将显示作废原因。",
        "certificate_reissued" => "已重新颁发新编号证书，原证书已作废。",
        "registration_added" => "已添加到本单位名单（未提交）。全部填好后请点“提交报名”。",
        "registration_amended" => "已修改，请重新提交报名。",
        "registration_withdrawn" => "已撤回该选手的报名。",
        "registration_imported" => {
            "文件中的选手已全部加入本单位名单（未提交）。核对后请点“提交报名”。"
        }
        "registration_submitted" => "报名已提交，等待赛事组织者资格审核。",
        "registration_invited_new" => "已邀请：领队账号已创建，请将用户名和初始密码交给本人。",
        "registration_invited" => "已邀请：该领队账号可为本赛事报名。",
        "registration_window" => "报名截止时间已保存。",
        "registration_rules" => "报名条件已保存。",
        "registration_accepted" => "已通过资格审核，选手已编入参赛名单。",
        "registration_returned" => "已退回，单位领队将看到退回原因。",
        _ => return None,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    pub notice: String,
}
