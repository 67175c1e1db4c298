/**
 * Every email the system sends, in Simplified Chinese and English. Placeholders are
 * `{name}`; values are escaped for the HTML part when rendered.
 */
export const emailLanguages = ['zh-CN', 'en'] as const;
export type EmailLanguage = (typeof emailLanguages)[number];

/** A value said differently in each language: an id's label. */
export type LocalizedText = Readonly<Record<EmailLanguage, string>>;
/** An email's parameter: a name, date or link as it is, or a label in each language. */
export type EmailParam = string | LocalizedText;

/**
 * The ids an email names, by their labels, so no raw id reaches a reader; the console's labels
 * (`grade.*`, `role.*`), which a test keeps these equal to.
 */
export const emailLabels = {
  grade: {
    excellent: { 'zh-CN': '优秀', en: 'Excellent' },
    good: { 'zh-CN': '良好', en: 'Good' },
    competent: { 'zh-CN': '称职', en: 'Competent' },
    incompetent: { 'zh-CN': '不称职', en: 'Incompetent' },
  },
  role: {
    admin: { 'zh-CN': '科技局管理员', en: 'Bureau admin' },
    panel: { 'zh-CN': '评审专家', en: 'Review panel member' },
    commissioner: { 'zh-CN': '特派员 / 申请人', en: 'Commissioner / applicant' },
    institution: { 'zh-CN': '派出单位', en: 'Home institution' },
    enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  },
  /** A record's state, as a failure email names the step it failed at. */
  state: {
    awaiting_endorsement: { 'zh-CN': '待单位推荐', en: 'Awaiting endorsement' },
    under_review: { 'zh-CN': '审核中', en: 'Under review' },
    returned: { 'zh-CN': '退回补充材料', en: 'Returned for more information' },
    approved: { 'zh-CN': '已通过', en: 'Approved' },
    rejected: { 'zh-CN': '未通过', en: 'Rejected' },
    endorsement_declined: { 'zh-CN': '单位不予推荐', en: 'Endorsement declined' },
    expired: { 'zh-CN': '已过期', en: 'Expired' },
    failed: { 'zh-CN': '处理失败（需人工处理）', en: 'Failed (needs attention)' },
    awaiting_verification: { 'zh-CN': '待核实', en: 'Awaiting verification' },
    verified: { 'zh-CN': '已核实', en: 'Verified' },
    proposed: { 'zh-CN': '已提名特派员', en: 'Commissioner proposed' },
    awaiting_acceptance: { 'zh-CN': '待双方确认', en: 'Awaiting acceptance' },
    declined: { 'zh-CN': '已谢绝', en: 'Declined' },
    lapsed: { 'zh-CN': '逾期未答复', en: 'Lapsed (no answer in time)' },
    in_notice: { 'zh-CN': '公示中', en: 'Under public notice' },
    under_objection: { 'zh-CN': '异议待裁定', en: 'Objection awaiting a ruling' },
    dispatched: { 'zh-CN': '已选派', en: 'Dispatched' },
    withdrawn: { 'zh-CN': '已撤销', en: 'Withdrawn' },
    awaiting_signatures: { 'zh-CN': '待三方签署', en: 'Awaiting signatures' },
    awaiting_countersignature: { 'zh-CN': '待科技局会签', en: 'Awaiting countersignature' },
    active: { 'zh-CN': '已生效', en: 'Active' },
    scheduled: { 'zh-CN': '未开始', en: 'Not started' },
    open: { 'zh-CN': '待提交报告', en: 'Open for reporting' },
    submitted: { 'zh-CN': '已提交，待企业确认', en: 'Submitted, awaiting confirmation' },
    confirmed: { 'zh-CN': '企业已确认，待科技局审核', en: 'Confirmed, awaiting review' },
    accepted: { 'zh-CN': '已通过', en: 'Accepted' },
    revising: { 'zh-CN': '修改中', en: 'Being revised' },
    overdue: { 'zh-CN': '已逾期', en: 'Overdue' },
    waived: { 'zh-CN': '已免报', en: 'Waived' },
    unreported: { 'zh-CN': '逾期未报（已关闭）', en: 'Closed unreported' },
    closed: { 'zh-CN': '合作终止，已关闭', en: 'Closed: the agreement ended' },
    terminated: { 'zh-CN': '已提前终止', en: 'Ended early' },
    awaiting_rating: { 'zh-CN': '待企业评价', en: "Awaiting the enterprise's rating" },
    rated: { 'zh-CN': '企业已评价，评分中', en: 'Rated, being scored' },
    rating_lapsed: { 'zh-CN': '企业逾期未评价，评分中', en: 'Not rated in time, being scored' },
    scored: { 'zh-CN': '已评分，待科技局评定等次', en: "Scored, awaiting the bureau's grade" },
    graded: { 'zh-CN': '已评定', en: 'Graded' },
    nominating: { 'zh-CN': '提名中', en: 'Nominating' },
    scoring: { 'zh-CN': '专家评分中', en: 'Panel scoring' },
    awaiting_approval: { 'zh-CN': '待科技局审定', en: "Awaiting the bureau's approval" },
    published: { 'zh-CN': '已发布', en: 'Published' },
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, LocalizedText>>>>;

/** A state by its label in each language; a state without one (none today) by its id. */
export function stateLabel(state: string | undefined): EmailParam {
  if (state === undefined) return '';
  return Object.hasOwn(emailLabels.state, state)
    ? emailLabels.state[state as keyof typeof emailLabels.state]
    : state;
}

interface EmailText {
  readonly subject: string;
  readonly body: string;
}

export const emailCatalogue = {
  'endorsement-requested': {
    'zh-CN': {
      subject: '请为{applicant}的科技特派员申请出具推荐意见',
      body: '{institution}科研管理部门：\n{applicant}申请担任产业科技特派员，请于{deadline}前登录系统出具推荐意见。\n办理：{link}',
    },
    en: {
      subject: 'Please endorse the commissioner application of {applicant}',
      body: 'To the research office of {institution}:\n{applicant} has applied to become an industrial science-and-technology commissioner. Please endorse or decline it by {deadline}.\nAct on it: {link}',
    },
  },
  'endorsement-reminder': {
    'zh-CN': {
      subject: '提醒：{applicant}的申请仍待推荐',
      body: '{institution}科研管理部门：\n{applicant}的科技特派员申请仍在等待贵单位的推荐意见，请于{deadline}前办理。\n办理：{link}',
    },
    en: {
      subject: 'Reminder: the application of {applicant} awaits your endorsement',
      body: 'To the research office of {institution}:\nthe commissioner application of {applicant} still awaits your endorsement. Please act by {deadline}.\nAct on it: {link}',
    },
  },
  'endorsement-escalated': {
    'zh-CN': {
      subject: '督办：{institution}尚未推荐{applicant}的申请',
      body: '{institution}逾期未对{applicant}的科技特派员申请出具推荐意见，已转科技局处理，请于{deadline}前办理。\n办理：{link}',
    },
    en: {
      subject: 'Escalated: {institution} has not endorsed the application of {applicant}',
      body: '{institution} has not endorsed the commissioner application of {applicant} in time; it is now with the bureau. Please act by {deadline}.\nAct on it: {link}',
    },
  },
  'review-requested': {
    'zh-CN': {
      subject: '待审核：{applicant}的科技特派员申请',
      body: '{applicant}（{institution}）的科技特派员申请已获单位推荐，请于{deadline}前审核。\n审核：{link}',
    },
    en: {
      subject: 'To review: the commissioner application of {applicant}',
      body: 'The commissioner application of {applicant} ({institution}) has been endorsed. Please review it by {deadline}.\nReview it: {link}',
    },
  },
  'review-escalated': {
    'zh-CN': {
      subject: '督办：{applicant}的申请审核已逾期',
      body: '{applicant}（{institution}）的科技特派员申请审核已逾期，请于{deadline}前处理。\n审核：{link}',
    },
    en: {
      subject: 'Overdue: the review of the application of {applicant}',
      body: 'The review of the commissioner application of {applicant} ({institution}) is overdue. Please act by {deadline}.\nReview it: {link}',
    },
  },
  'resubmission-reminder': {
    'zh-CN': {
      subject: '提醒：请修改并重新提交您的申请',
      body: '{applicant}，您好：\n您的科技特派员申请已退回补充材料，请于{deadline}前修改并重新提交。\n修改：{link}',
    },
    en: {
      subject: 'Reminder: please revise and resubmit your application',
      body: 'Dear {applicant},\nyour commissioner application was returned for more information. Please revise and resubmit it by {deadline}.\nRevise it: {link}',
    },
  },
  'application-endorsement-declined': {
    'zh-CN': {
      subject: '您的科技特派员申请未获单位推荐',
      body: '{applicant}，您好：\n{institution}未推荐您的科技特派员申请。原因：{reason}\n查看：{link}',
    },
    en: {
      subject: 'Your commissioner application was not endorsed',
      body: 'Dear {applicant},\n{institution} declined to endorse your commissioner application. Reason: {reason}\nView it: {link}',
    },
  },
  'application-approved': {
    'zh-CN': {
      subject: '您的科技特派员申请已通过审核',
      body: '{applicant}，您好：\n恭喜，您的科技特派员申请已通过科技局审核，您已进入科技特派员人才库。\n查看：{link}',
    },
    en: {
      subject: 'Your commissioner application was approved',
      body: 'Dear {applicant},\ncongratulations: the bureau approved your application and you have joined the commissioner pool.\nView it: {link}',
    },
  },
  'application-rejected': {
    'zh-CN': {
      subject: '您的科技特派员申请未通过审核',
      body: '{applicant}，您好：\n您的科技特派员申请未通过科技局审核。原因：{reason}\n查看：{link}',
    },
    en: {
      subject: 'Your commissioner application was not approved',
      body: 'Dear {applicant},\nthe bureau did not approve your commissioner application. Reason: {reason}\nView it: {link}',
    },
  },
  'application-returned': {
    'zh-CN': {
      subject: '您的科技特派员申请需补充材料',
      body: '{applicant}，您好：\n科技局将您的申请退回补充材料。原因：{reason}\n请于{deadline}前修改并重新提交：{link}',
    },
    en: {
      subject: 'Your commissioner application needs more information',
      body: 'Dear {applicant},\nthe bureau returned your application for more information. Reason: {reason}\nPlease revise and resubmit it by {deadline}: {link}',
    },
  },
  'application-expired': {
    'zh-CN': {
      subject: '您的科技特派员申请已过期',
      body: '{applicant}，您好：\n您的科技特派员申请因长期未办理已过期，如需继续请重新申请。\n查看：{link}',
    },
    en: {
      subject: 'Your commissioner application has expired',
      body: 'Dear {applicant},\nyour commissioner application expired because a step was not taken in time. You may apply again.\nView it: {link}',
    },
  },
  'workflow-failed': {
    'zh-CN': {
      subject: '系统故障：“{title}”的流程需要重试',
      body: '“{title}”的流程在“{step}”步骤出错（{error}），请在任务列表中重试。\n查看：{link}',
    },
    en: {
      subject: 'Fault: the workflow of "{title}" needs a retry',
      body: 'The workflow of "{title}" failed at "{step}" ({error}). Retry it from the task list.\nView it: {link}',
    },
  },
  'demand-verification-requested': {
    'zh-CN': {
      subject: '待核实：{enterprise}的技术需求',
      body: '{enterprise}（{location}）发布了技术需求，请于{deadline}前核实。\n核实：{link}',
    },
    en: {
      subject: 'To verify: the technical demand of {enterprise}',
      body: '{enterprise} ({location}) posted a technical demand. Please verify it by {deadline}.\nVerify it: {link}',
    },
  },
  'demand-verification-overdue': {
    'zh-CN': {
      subject: '督办：{enterprise}的技术需求核实已逾期',
      body: '{enterprise}的技术需求核实已逾期，请于{deadline}前处理。\n核实：{link}',
    },
    en: {
      subject: 'Overdue: verifying the demand of {enterprise}',
      body: 'Verifying the technical demand of {enterprise} is overdue. Please act by {deadline}.\nVerify it: {link}',
    },
  },
  'demand-returned': {
    'zh-CN': {
      subject: '您的技术需求需修改',
      body: '{enterprise}：\n科技局将贵单位的技术需求退回修改。原因：{reason}\n请于{deadline}前修改并重新提交：{link}',
    },
    en: {
      subject: 'Your technical demand needs changes',
      body: 'To {enterprise}:\nthe bureau returned your technical demand. Reason: {reason}\nPlease revise and resubmit it by {deadline}: {link}',
    },
  },
  'demand-revision-reminder': {
    'zh-CN': {
      subject: '提醒：请修改并重新提交技术需求',
      body: '{enterprise}：\n贵单位的技术需求仍待修改，请于{deadline}前重新提交。\n修改：{link}',
    },
    en: {
      subject: 'Reminder: please revise your technical demand',
      body: 'To {enterprise}:\nyour technical demand still awaits your changes. Please resubmit it by {deadline}.\nRevise it: {link}',
    },
  },
  'demand-expired': {
    'zh-CN': {
      subject: '您的技术需求已过期',
      body: '{enterprise}：\n贵单位的技术需求因长期未办理已过期，如仍需要请重新发布。\n查看：{link}',
    },
    en: {
      subject: 'Your technical demand has expired',
      body: 'To {enterprise}:\nyour technical demand expired because a step was not taken in time. You may post it again.\nView it: {link}',
    },
  },
  'dispatch-proposed-commissioner': {
    'zh-CN': {
      subject: '选派邀请：{enterprise}',
      body: '{commissioner}，您好：\n科技局拟选派您为{enterprise}（{location}）的产业科技特派员。企业需求：{problem}\n请于{deadline}前接受或谢绝：{link}',
    },
    en: {
      subject: 'Proposed dispatch: {enterprise}',
      body: 'Dear {commissioner},\nthe bureau proposes you as the commissioner for {enterprise} ({location}). Their demand: {problem}\nPlease accept or decline by {deadline}: {link}',
    },
  },
  'dispatch-proposed-enterprise': {
    'zh-CN': {
      subject: '拟选派特派员：{commissioner}（{institution}）',
      body: '{enterprise}：\n科技局拟选派{institution}的{commissioner}为贵单位的产业科技特派员。\n请于{deadline}前接受或谢绝：{link}',
    },
    en: {
      subject: 'Proposed commissioner: {commissioner} ({institution})',
      body: 'To {enterprise}:\nthe bureau proposes {commissioner} of {institution} as your commissioner.\nPlease accept or decline by {deadline}: {link}',
    },
  },
  'objection-filed': {
    'zh-CN': {
      subject: '公示异议：{commissioner}选派至{enterprise}',
      body: '{commissioner}选派至{enterprise}的公示期内收到异议，请于{deadline}前裁定维持异议或驳回。\n处理：{link}',
    },
    en: {
      subject: 'Objection: dispatching {commissioner} to {enterprise}',
      body: 'The public notice of dispatching {commissioner} to {enterprise} received an objection. Please uphold or dismiss it by {deadline}.\nRule on it: {link}',
    },
  },
  'objection-overdue': {
    'zh-CN': {
      subject: '督办：公示异议尚未裁定（{enterprise}）',
      body: '{commissioner}选派至{enterprise}的公示异议尚未裁定，请于{deadline}前处理。\n处理：{link}',
    },
    en: {
      subject: 'Overdue: the objection on {enterprise} awaits a ruling',
      body: 'The objection to dispatching {commissioner} to {enterprise} still awaits a ruling. Please act by {deadline}.\nRule on it: {link}',
    },
  },
  'dispatch-confirmed': {
    'zh-CN': {
      subject: '选派确定：{commissioner}赴{enterprise}',
      body: '公示期满，{institution}的{commissioner}正式选派为{enterprise}的产业科技特派员。科技局将据此起草合作协议。\n查看：{link}',
    },
    en: {
      subject: 'Dispatched: {commissioner} to {enterprise}',
      body: 'The public notice closed: {commissioner} of {institution} is dispatched to {enterprise}. The bureau will draft the cooperation agreement.\nView it: {link}',
    },
  },
  'dispatch-not-made': {
    'zh-CN': {
      subject: '选派未成：{enterprise}的需求重新匹配',
      body: '{commissioner}选派至{enterprise}未能完成（{reason}），该需求已退回重新匹配。\n查看：{link}',
    },
    en: {
      subject: 'Not dispatched: the demand of {enterprise} is back in matching',
      body: 'Dispatching {commissioner} to {enterprise} did not go ahead ({reason}); the demand is back in matching.\nView it: {link}',
    },
  },
  'agreement-signature-requested': {
    'zh-CN': {
      subject: '请签署合作协议：{commissioner} · {enterprise}',
      body: '科技局已根据选派结果起草{commissioner}（{institution}）与{enterprise}的合作协议，协议期{termStart}至{termEnd}。请于{deadline}前签署。\n签署：{link}',
    },
    en: {
      subject: 'Please sign the agreement: {commissioner} · {enterprise}',
      body: 'The bureau drafted the cooperation agreement of {commissioner} ({institution}) and {enterprise}, from {termStart} to {termEnd}. Please sign it by {deadline}.\nSign it: {link}',
    },
  },
  'agreement-countersignature-requested': {
    'zh-CN': {
      subject: '待会签：{commissioner} · {enterprise}合作协议',
      body: '三方均已签署{commissioner}与{enterprise}的合作协议，请于{deadline}前会签。\n会签：{link}',
    },
    en: {
      subject: 'To countersign: the agreement of {commissioner} · {enterprise}',
      body: 'All three parties signed the agreement of {commissioner} and {enterprise}. Please countersign it by {deadline}.\nCountersign it: {link}',
    },
  },
  'agreement-countersignature-overdue': {
    'zh-CN': {
      subject: '督办：{commissioner} · {enterprise}合作协议待会签',
      body: '{commissioner}与{enterprise}的合作协议会签已逾期，请于{deadline}前处理。\n会签：{link}',
    },
    en: {
      subject: 'Overdue: countersigning the agreement of {commissioner} · {enterprise}',
      body: 'Countersigning the agreement of {commissioner} and {enterprise} is overdue. Please act by {deadline}.\nCountersign it: {link}',
    },
  },
  'agreement-active': {
    'zh-CN': {
      subject: '合作协议生效：{commissioner} · {enterprise}',
      body: '{commissioner}（{institution}）与{enterprise}的合作协议已生效，协议期{termStart}至{termEnd}。系统将按约定周期开启成果报告。\n查看：{link}',
    },
    en: {
      subject: 'Agreement in force: {commissioner} · {enterprise}',
      body: 'The cooperation agreement of {commissioner} ({institution}) and {enterprise} is in force from {termStart} to {termEnd}. Report periods will open on its cadence.\nView it: {link}',
    },
  },
  'agreement-not-concluded': {
    'zh-CN': {
      subject: '合作协议未能签订：{commissioner} · {enterprise}',
      body: '{commissioner}与{enterprise}的合作协议未能签订（{reason}）。\n查看：{link}',
    },
    en: {
      subject: 'Agreement not concluded: {commissioner} · {enterprise}',
      body: 'The cooperation agreement of {commissioner} and {enterprise} was not concluded ({reason}).\nView it: {link}',
    },
  },
  'report-reminder': {
    'zh-CN': {
      subject: '成果报告提醒：{title}（第{period}期，{due}截止）',
      body: '您好：\n“{title}”第{period}期（{start}至{end}）成果报告将于{due}截止，请按时提交。\n提交：{link}',
    },
    en: {
      subject: 'Report reminder: {title} (period {period}, due {due})',
      body: 'The outcome report of "{title}" for period {period} ({start} to {end}) is due on {due}. Please submit it in time.\nSubmit it: {link}',
    },
  },
  'report-overdue': {
    'zh-CN': {
      subject: '逾期：{title}第{period}期成果报告未提交',
      body: '“{title}”第{period}期（{start}至{end}）成果报告已于{due}截止，逾期{overdueDays}天仍未提交，请{institution}与科技局督促。\n查看：{link}',
    },
    en: {
      subject: 'Overdue: the report of {title} for period {period}',
      body: 'The outcome report of "{title}" for period {period} ({start} to {end}) was due on {due} and is still not submitted {overdueDays} days later. {institution} and the bureau, please follow it up.\nView it: {link}',
    },
  },
  'report-period-open': {
    'zh-CN': {
      subject: '成果报告开始填报：{title}（第{period}期）',
      body: '您好：\n“{title}”第{period}期（{start}至{end}）成果报告已开始填报，请于{due}前提交各类成果数量、工作情况和佐证材料。\n填报：{link}',
    },
    en: {
      subject: 'Report period open: {title} (period {period})',
      body: 'The outcome report of "{title}" for period {period} ({start} to {end}) is open. Please submit the counts per outcome category, a narrative and the evidence by {due}.\nFill it in: {link}',
    },
  },
  'report-returned': {
    'zh-CN': {
      subject: '成果报告退回修改：{title}（第{period}期）',
      body: '您好：\n“{title}”第{period}期成果报告被退回修改，原因：{reason}\n请于{deadline}前修改后重新提交。\n修改：{link}',
    },
    en: {
      subject: 'Report returned for revision: {title} (period {period})',
      body: 'The outcome report of "{title}" for period {period} was returned for revision. Reason: {reason}\nPlease revise and resubmit it by {deadline}.\nRevise it: {link}',
    },
  },
  'report-confirmation-requested': {
    'zh-CN': {
      subject: '请确认成果报告：{title}（第{period}期）',
      body: '{enterprise}：\n{commissioner}提交了第{period}期（{start}至{end}）成果报告，请于{deadline}前确认内容属实，或说明异议。\n确认：{link}',
    },
    en: {
      subject: 'Please confirm the outcome report: {title} (period {period})',
      body: 'To {enterprise}:\n{commissioner} has submitted the outcome report for period {period} ({start} to {end}). Please confirm it is accurate, or dispute it with a reason, by {deadline}.\nConfirm it: {link}',
    },
  },
  'recorded-on-behalf': {
    'zh-CN': {
      subject: '科技局已代您记录{actZh}：{title}',
      body: '{party}：\n科技局已代您记录对“{title}”的{actZh}（例如依据您提交的纸质文件）。\n代为记录的原因：{onBehalfReason}\n如与您的意愿不符，请即与科技局联系。\n查看：{link}',
    },
    en: {
      subject: 'Recorded on your behalf by the bureau: your {actEn} of {title}',
      body: 'To {party}:\nthe bureau recorded your {actEn} of "{title}" on your behalf (from a paper document you gave it, for example).\nWhy the bureau recorded it: {onBehalfReason}\nIf this is not what you agreed, contact the bureau at once.\nSee it: {link}',
    },
  },
  'report-review-requested': {
    'zh-CN': {
      subject: '成果报告待审核：{title}（第{period}期）',
      body: '{title}第{period}期（{start}至{end}）成果报告已经企业确认，请于{deadline}前审核通过或退回修改。\n审核：{link}',
    },
    en: {
      subject: 'Outcome report to review: {title} (period {period})',
      body: 'The outcome report of {title} for period {period} ({start} to {end}) has been confirmed by the enterprise. Please accept it or return it for revision by {deadline}.\nReview it: {link}',
    },
  },
  'report-accepted': {
    'zh-CN': {
      subject: '成果报告已通过：{title}（第{period}期）',
      body: '您好：\n“{title}”第{period}期成果报告已审核通过，计入协议目标完成情况。\n查看：{link}',
    },
    en: {
      subject: 'Outcome report accepted: {title} (period {period})',
      body: 'The outcome report of "{title}" for period {period} has been accepted and counts towards the agreement\'s goals.\nView it: {link}',
    },
  },
  'report-waived': {
    'zh-CN': {
      subject: '本期成果报告免报：{title}（第{period}期）',
      body: '您好：\n“{title}”第{period}期成果报告经科技局同意免于提交，原因：{reason}\n查看：{link}',
    },
    en: {
      subject: 'Report waived: {title} (period {period})',
      body: 'The bureau has waived the outcome report of "{title}" for period {period}. Reason: {reason}\nView it: {link}',
    },
  },
  'report-unreported': {
    'zh-CN': {
      subject: '成果报告未提交，本期关闭：{title}（第{period}期）',
      body: '“{title}”第{period}期成果报告逾期后仍未提交，本期已按未报告关闭。\n查看：{link}',
    },
    en: {
      subject: 'Report period closed unreported: {title} (period {period})',
      body: 'The outcome report of "{title}" for period {period} was never submitted after falling overdue; the period is closed as unreported.\nView it: {link}',
    },
  },
  'rating-requested': {
    'zh-CN': {
      subject: '请评价产业科技特派员：{commissioner}（{year}年度）',
      body: '{enterprise}：\n请于{deadline}前对{commissioner}（{institution}）{year}年度的服务进行满意度评价（1至5分），并可填写意见。\n评价：{link}',
    },
    en: {
      subject: 'Please rate your commissioner: {commissioner} ({year})',
      body: 'To {enterprise}:\nplease rate your satisfaction with the service of {commissioner} ({institution}) in {year}, from 1 to 5, with any comment, by {deadline}.\nRate: {link}',
    },
  },
  'grading-requested': {
    'zh-CN': {
      subject: '年度考核待定等：{title}（{year}年度）',
      body: '{title}{year}年度考核已评分：{score}分，建议等次：{suggestedGrade}。请于{deadline}前确定考核等次。\n定等：{link}',
    },
    en: {
      subject: 'Assessment to grade: {title} ({year})',
      body: 'The {year} assessment of {title} is scored: {score} points, suggesting the grade {suggestedGrade}. Please grade it by {deadline}.\nGrade it: {link}',
    },
  },
  'agreement-terminated': {
    'zh-CN': {
      subject: '合作协议提前终止：{commissioner} · {enterprise}',
      body: '{commissioner}（{institution}）与{enterprise}的合作协议因{year}年度考核不称职提前终止。原因：{reason}\n查看：{link}',
    },
    en: {
      subject: 'Agreement ended early: {commissioner} · {enterprise}',
      body: 'The cooperation agreement of {commissioner} ({institution}) and {enterprise} has ended early: the {year} assessment graded the commissioner incompetent. Reason: {reason}\nView it: {link}',
    },
  },
  'commendation-scoring-opened': {
    'zh-CN': {
      subject: '{year}年度表彰评审：专家评分已开始',
      body: '{year}年度表彰评审已开始专家评分：候选人{nominees}名，评审专家{panel}名，评分截止{deadline}。\n查看进度：{link}',
    },
    en: {
      subject: 'Commendation round {year}: panel scoring has started',
      body: 'Panel scoring of the {year} commendation round has started: {nominees} nominees, {panel} panel members, closing {deadline}.\nFollow it: {link}',
    },
  },
  'panel-scoring-requested': {
    'zh-CN': {
      subject: '请为{year}年度表彰候选人评分',
      body: '评审专家您好：\n{year}年度产业科技特派员表彰评审请您为候选人评分（0至100分），请于{deadline}前完成。与您存在利益关联的候选人已回避。\n评分：{link}',
    },
    en: {
      subject: 'Please score the {year} commendation nominees',
      body: 'Dear panel member,\nplease score the nominees of the {year} commissioner commendation round (0 to 100) by {deadline}. Nominees you have a conflict of interest with are excluded.\nScore them: {link}',
    },
  },
  'panel-scoring-reminder': {
    'zh-CN': {
      subject: '提醒：{year}年度表彰评分已过截止时间',
      body: '评审专家您好：\n{year}年度产业科技特派员表彰评审的评分已过截止时间，您还有{nominees}名候选人未评分，请于{deadline}前完成。\n评分：{link}',
    },
    en: {
      subject: 'Reminder: the {year} commendation scoring is past its deadline',
      body: 'Dear panel member,\nthe scoring of the {year} commissioner commendation round is past its deadline and {nominees} nominees still await your score. Please score them by {deadline}.\nScore them: {link}',
    },
  },
  'commendation-approval-requested': {
    'zh-CN': {
      subject: '{year}年度表彰名单待审定',
      body: '{year}年度表彰评审评分已结束，候选人按平均分排序，请于{deadline}前审定。\n审定：{link}',
    },
    en: {
      subject: 'The {year} commendation list awaits your approval',
      body: 'Panel scoring of the {year} commendation round is closed and the nominees are ranked by mean score. Please approve or reject the list by {deadline}.\nReview it: {link}',
    },
  },
  'commendation-published': {
    'zh-CN': {
      subject: '祝贺：{name}入选{year}年度优秀产业科技特派员',
      body: '{name}（{institution}）：\n经评审、审定和公示，您入选{year}年度优秀产业科技特派员（第{rank}名）。\n查看名单：{link}',
    },
    en: {
      subject: 'Congratulations: {name} is commended for {year}',
      body: 'To {name} ({institution}):\nafter panel scoring, approval and public notice, you are among the commended commissioners of {year} (rank {rank}).\nSee the list: {link}',
    },
  },
  'membership-invitation': {
    'zh-CN': {
      subject: '邀请您使用产业科技特派员工作系统',
      body: '您好：\n科技局已为您（{email}）开通产业科技特派员工作系统账号，角色：{roles}，单位：{organization}。\n请打开此链接开始使用，并用本邮箱登录：{link}',
    },
    en: {
      subject: 'You are invited to Commissioner Workflows',
      body: 'Hello,\nthe bureau has given you ({email}) access to Commissioner Workflows as {roles}, organisation: {organization}.\nOpen this link to start, and sign in with this address: {link}',
    },
  },
} as const satisfies Record<string, Record<EmailLanguage, EmailText>>;

export type EmailTemplate = keyof typeof emailCatalogue;
