/** Chinese (default) words of the storefront. en.ts must have the same keys. */
const zhCN = {
  app: { name: '预售商城', language: '语言', switchTo: 'English', loading: '加载中...', noMore: '没有更多了', retry: '加载失败，点击重试', empty: '暂无数据', back: '返回' },
  tab: { home: '首页', category: '分类', cart: '购物车', mine: '我的' },
  common: {
    confirm: '确定', cancel: '取消', save: '保存', delete: '删除', edit: '编辑', submit: '提交', done: '完成', close: '关闭', view: '查看',
    success: '操作成功', more: '更多', all: '全部', pieces: '{n} 件', total: '合计', sold: '已售 {n}',
  },
  auth: {
    title: '登录 / 注册', phoneTab: '手机验证码', emailTab: '邮箱密码', phone: '手机号', phonePh: '请输入手机号', code: '验证码', codePh: '6 位验证码',
    sendCode: '获取验证码', resend: '{s} 秒后重发', codeSent: '验证码已发送', login: '登录', register: '注册', email: '邮箱', emailPh: '请输入邮箱',
    password: '密码', passwordPh: '请输入密码', passwordNew: '至少 8 位', nickname: '昵称', nicknamePh: '选填', toRegister: '没有账号？去注册',
    toLogin: '已有账号？去登录', welcome: '登录成功', registered: '注册成功', logout: '退出登录', logoutConfirm: '确定退出登录吗？', phoneHint: '未注册的手机号验证后自动注册',
    needLogin: '请先登录',
  },
  home: { search: '搜索商品', presaleZone: '预售专区', presaleZoneDesc: '定金膨胀 · 阶梯优惠 · 先付先得', coupons: '领券中心', promotions: '正在进行的活动', recommend: '为你推荐', enter: '进入' },
  catalog: { all: '全部商品', sortDefault: '综合', sortSales: '销量', sortPriceAsc: '价格从低到高', sortPriceDesc: '价格从高到低', sortNewest: '新品', searchPh: '搜索商品', search: '搜索', noResult: '没有找到相关商品' },
  product: {
    chooseSku: '请选择规格', chosen: '已选', stock: '库存 {n} 件', outOfStock: '暂时缺货', quantity: '购买数量', addToCart: '加入购物车', buyNow: '立即购买',
    added: '已加入购物车', notifyMe: '到货提醒', notifyMeOpen: '开售提醒', notified: '已订阅提醒，我们会通过站内信通知您', marketPrice: '原价', detail: '商品详情',
    warranty: '保修说明', noAfterSales: '该商品不支持售后', selectAll: '请先选择完整规格', price: '价格',
    preorder: '预订', preorderTitle: '预订说明', availableAt: '预计到货', preorderTerms: '预订条款', depositPerUnit: '每件定金', depositRefundable: '定金可退', depositNotRefundable: '定金不退',
    payDays: '到货后 {n} 天内支付', unitsLeft: '还可预订 {n} 件', strategy: { upfront: '全款预订', deposit: '定金预订', on_release: '到货后付款', authorize: '预授权，发货时扣款' },
    preorderNow: '立即预订',
  },
  presale: {
    tag: '预售中', upcoming: '即将开始', ended: '已结束', presalePrice: '预售价', regularPrice: '日常价', deposit: '{kind}', depositValue: '{kind}膨胀', depositWorth: '{kind} {deposit} 抵 {value}',
    balance: '尾款', balanceWindow: '尾款支付时间', shipDate: '预计发货', shipDays: '付款后 {n} 天内发货', endsIn: '距结束', startsIn: '距开始', tierProgress: '阶梯进度',
    depositsPaid: '已有 {n} 件付{kind}', tierNext: '再有 {n} 件付{kind}，尾款每件再减 {off}', tierReached: '已达成：尾款每件减 {off}', tierRule: '满 {n} 件减 {off}', rules: '活动规则', terms: '预售条款',
    quota: '限量 {n} 件，剩余 {left} 件', perBuyer: '每人限购 {n} 件', payDeposit: '支付{kind}', buyFull: '立即预购', minTarget: '满 {n} 件成团，不成团全额退款',
    zoneTitle: '预售专区', zoneEmpty: '暂无预售活动', fullType: '全款预售', depositType: '定金预售', viewProduct: '去看看', soldOut: '已抢光', notStarted: '未开始',
    kindEarnest: '定金', kindPrepayment: '订金',
    batches: '分批发货（按付{kind}先后排入批次）', batchLine: '第 {seq} 批 · {units} 件', batchShip: '尾款 {window}，{ship} 发货', batchFull: '已排满',
  },
  countdown: { day: '天', startsIn: '距开始', endsIn: '距结束', balanceStartsIn: '距尾款支付开始', balanceEndsIn: '距尾款支付结束', over: '已结束', balanceOver: '尾款支付已结束' },
  cart: {
    title: '购物车', empty: '购物车是空的', goShopping: '去逛逛', selectAll: '全选', checkout: '去结算 ({n})', removeConfirm: '确定删除这件商品吗？', clear: '清空',
    clearConfirm: '确定清空购物车吗？', notReady: '请先处理不可购买的商品', nothingSelected: '请选择要结算的商品', discount: '已优惠',
  },
  checkout: {
    title: '确认订单', address: '收货地址', addAddress: '新增收货地址', chooseAddress: '选择收货地址', coupon: '优惠券', noCoupon: '不使用优惠券', couponsAvailable: '{n} 张可用',
    points: '积分抵扣', pointsBalance: '可用 {n} 积分', pointsUse: '使用积分', note: '订单备注', notePh: '选填，给商家留言', submit: '提交订单', payable: '应付',
    depositNow: '现在支付', termsAgree: '我已阅读并同意{kind}不退条款', termsAgreePrepayment: '我已阅读并同意预售条款（{kind}在支付尾款前可退）', termsTitle: '预售条款（第 {v} 版）', termsRequired: '请先阅读并同意{kind}条款', priceChanged: '价格已变化，请确认后重新提交',
    problems: '以下商品不可购买', presaleStages: '预售分两阶段付款', preorderTerms: '我已阅读并同意预订条款', placing: '正在提交...', noAddress: '请先添加收货地址',
    couponDisabled: '该预售活动不可使用优惠券', pointsDisabled: '该预售活动不可使用积分',
  },
  breakdown: { title: '价格明细', goods: '商品金额', promotion: '活动优惠', coupon: '优惠券', points: '积分抵扣', shipping: '运费', total: '实付款', deposit: '{kind}（现在付）', balance: '尾款（{start} 起付）', balancePlain: '尾款', tierDiscount: '阶梯优惠', freeShipping: '免运费' },
  pay: {
    title: '支付结果', going: '正在前往收银台...', paying: '支付确认中...', success: '支付成功', failed: '支付未完成', pending: '等待支付结果', viewOrder: '查看订单', backHome: '返回首页',
    paidByPoints: '已用积分和优惠券抵扣，无需支付', retry: '重新支付',
  },
  order: {
    title: '我的订单', detail: '订单详情', no: '订单编号', createdAt: '下单时间', paidAt: '付款时间', payDue: '请在 {t} 前完成支付', pay: '立即支付', payDeposit: '支付{kind}', payBalance: '支付尾款',
    cancel: '取消订单', cancelConfirm: '确定取消该订单吗？', cancelRefund: '取消后已付款项将原路退回', cancelled: '订单已取消', confirmReceipt: '确认收货', confirmConfirm: '确认已收到商品吗？', confirmed: '已确认收货',
    aftersales: '申请售后', timeline: '订单动态', shipments: '物流信息', carrier: '承运商', trackingNo: '运单号', payments: '支付记录', stageDeposit: '{kind}', stageBalance: '尾款', stageFull: '全款',
    paid: '已支付', unpaid: '待支付', refunded: '已退款 {amount}', empty: '暂无订单', itemCount: '共 {n} 件', presale: '预售订单', balanceWindow: '尾款支付时间', balanceNotOpen: '尾款尚未开始支付',
    estimatedShip: '预计发货', batch: '第 {seq} 批（共 {of} 批）', forfeited: '已扣{kind} {amount}', delayed: '商家已推迟发货，您可取消订单并全额退款', tierDiscount: '阶梯优惠 {amount}',
    preorder: '预订订单', queue: '排队第 {n} 位', payBy: '请在 {t} 前支付', shipDateChanges: '发货时间变更', address: '收货信息', cancelReason: '取消原因', closeReason: '关闭原因',
    status: {
      all: '全部', awaiting_deposit: '待付定金', awaiting_balance: '待付尾款', awaiting_payment: '待付款', awaiting_stock: '待到货', awaiting_shipment: '待发货', shipped: '待收货', completed: '已完成', cancelled: '已取消', closed: '已关闭',
    },
    stage: { full: '全款', deposit: '定金', balance: '尾款' },
    event: { order_placed: '提交订单', order_paid: '支付成功', order_deposit_paid: '定金已支付', order_shipped: '商家已发货', order_partially_shipped: '部分发货', order_completed: '订单完成', order_cancelled: '订单取消', order_closed: '订单关闭', order_refunded: '已退款', order_payment_captured: '已扣款', order_balance_lapsed: '尾款逾期未付', presale_tier_applied: '阶梯优惠已生效', presale_ship_date_changed: '发货时间变更', presale_batch_placed: '已排入发货批次', presale_ship_overdue: '发货超时', presale_compensation_failed: '补偿发放失败', preorder_queued: '已进入到货排队', preorder_filled: '已到货分配', preorder_capture_requested: '发货扣款中', preorder_balance_lapsed: '预订逾期失效' },
  },
  aftersales: {
    apply: '申请售后', title: '售后服务', type: '售后类型', types: { refund_only: '仅退款', return_refund: '退货退款', exchange: '换货' }, reason: '申请原因', chooseReason: '请选择原因',
    description: '问题描述', descriptionPh: '请描述遇到的问题（选填）', photos: '上传凭证（最多 {n} 张）', lines: '选择商品', quantity: '数量', refundAmount: '退款金额', maxRefund: '最多 {amount}',
    submit: '提交申请', submitted: '申请已提交', notEligible: '该订单暂不能申请售后', list: '我的售后', detail: '售后详情', progress: '处理进度', history: '处理记录', withdraw: '撤销申请',
    withdrawConfirm: '确定撤销该售后申请吗？', returnShipment: '填写退货物流', carrier: '快递公司', trackingNo: '快递单号', ticketNo: '售后单号', rejectReason: '拒绝原因', uploading: '上传中...',
    status: { pending_review: '待审核', awaiting_return: '待退货', received: '已收货', refunding: '退款中', refund_failed: '退款失败', refunded: '已退款', exchanged: '已换货', rejected: '已拒绝', withdrawn: '已撤销' },
    blocker: {
      order_not_paid: '订单未付款', order_closed: '订单已关闭', window_expired: '售后期已过', after_sales_not_allowed: '该商品不支持售后', fully_refunded: '已全部退款', open_ticket: '已有处理中的售后', not_shipped: '未发货，仅可申请仅退款',
    },
    noneSelected: '请至少选择一件商品', reasonRequired: '请选择申请原因',
  },
  mine: {
    title: '我的', login: '登录 / 注册', orders: '我的订单', allOrders: '全部订单', coupons: '我的优惠券', points: '我的积分', messages: '消息中心', addresses: '收货地址', aftersales: '售后服务',
    reminders: '我的提醒', couponCenter: '领券中心', settings: '设置', hello: '你好，{name}',
    geoCredit: '预订可售地区按 IP 判断时使用 MaxMind 的 GeoLite2 数据：',
  },
  address: {
    title: '收货地址', add: '新增地址', edit: '编辑地址', receiver: '收货人', phone: '手机号码', province: '省份', city: '城市', district: '区县', detail: '详细地址', postalCode: '邮政编码', tag: '标签',
    isDefault: '设为默认地址', default: '默认', deleteConfirm: '确定删除该地址吗？', empty: '还没有收货地址', saved: '地址已保存', deleted: '地址已删除', choose: '选择',
    receiverPh: '收货人姓名', phonePh: '手机号或固话', provincePh: '如：广东省', cityPh: '如：深圳市', districtPh: '如：南山区', detailPh: '街道、楼牌号等', postalCodePh: '选填', required: '请填写{field}',
    region: '所在地区', regionPh: '选择省 / 市 / 区', regionRequired: '请选择所在地区', regionIncomplete: '请选择完整的省、市、区', regionPick: '请选择',
  },
  coupon: {
    title: '我的优惠券', center: '领券中心', unused: '未使用', used: '已使用', expired: '已过期', claim: '立即领取', claimed: '领取成功', owned: '已领取 {n} 张', validUntil: '有效期至 {t}',
    validRange: '{from} 至 {to}', threshold: '满 {amount} 可用', noThreshold: '无门槛', remaining: '剩余 {n} 张', use: '去使用', empty: '暂无优惠券',
  },
  points: { title: '我的积分', balance: '当前积分', ledger: '积分明细', reason: { earn_order: '购物奖励', spend_order: '下单抵扣', refund_order: '退款返还', reverse_earn: '退款扣回', admin_adjust: '商家调整', compensation: '补偿' }, rule: '每 {n} 积分抵 1 元，最多抵订单 {p}%' },
  messages: { title: '消息中心', readAll: '全部已读', unread: '未读', empty: '暂无消息', allRead: '已全部标为已读' },
  reminders: { title: '我的提醒', waiting: '等待中', notified: '已通知', cancel: '取消提醒', cancelled: '已取消提醒', empty: '暂无提醒', target: { product: '商品', sku: '规格', campaign: '预售活动' } },
  support: {
    help: '帮助中心', servicePoints: '服务网点', searchPh: '搜索问题，如：退款 申请', search: '搜索', categories: '问题分类', results: '搜索结果', noResult: '没有找到相关问题',
    helpful: '这篇文章对您有帮助吗？', yes: '有帮助', no: '没帮助', thanks: '感谢您的反馈', votes: '{yes} 人觉得有帮助', loginToVote: '登录后才能评价',
    warranty: '保修政策', warrantyMonths: '保修 {n} 个月', covers: '保修范围', terms: '保修条款',
    region: '所在地区', chooseRegion: '请选择省 / 市 / 区', keyword: '关键词', keywordPh: '网点名称、品牌或品类', find: '查找网点', phone: '电话', hours: '营业时间',
    noPoints: '该地区暂无服务网点', fellBack: '{asked}暂无服务网点，以下为{shown}的网点', needRegion: '请选择地区或输入关键词', call: '拨打',
    scope: { district: '所选区县', city: '所选城市', province: '全省', keyword: '关键词' },
  },
  delivery: { to: '配送至', days: '预计 {min}–{max} 天送达', estimate: '预计送达', free: '包邮', fee: '运费 {fee}' },
};

export default zhCN;
export type Messages = typeof zhCN;
