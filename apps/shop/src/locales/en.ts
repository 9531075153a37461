import type { Messages } from './zh-CN.ts';

/** The same keys as zh-CN, every leaf a string. */
export type MessageShape<T> = { [K in keyof T]: T[K] extends string ? string : MessageShape<T[K]> };

const en: MessageShape<Messages> = {
  app: { name: 'Presale Mall', language: 'Language', switchTo: '中文', loading: 'Loading...', noMore: 'No more', retry: 'Failed to load; tap to retry', empty: 'Nothing here', back: 'Back' },
  tab: { home: 'Home', category: 'Categories', cart: 'Cart', mine: 'Me' },
  common: {
    confirm: 'OK', cancel: 'Cancel', save: 'Save', delete: 'Delete', edit: 'Edit', submit: 'Submit', done: 'Done', close: 'Close', view: 'View',
    success: 'Done', more: 'More', all: 'All', pieces: '{n} pcs', total: 'Total', sold: '{n} sold',
  },
  auth: {
    title: 'Sign in / Sign up', phoneTab: 'Text code', emailTab: 'E-mail', phone: 'Mobile', phonePh: 'Mobile number', code: 'Code', codePh: '6-digit code',
    sendCode: 'Get code', resend: 'Resend in {s}s', codeSent: 'Code sent', login: 'Sign in', register: 'Sign up', email: 'E-mail', emailPh: 'Your e-mail',
    password: 'Password', passwordPh: 'Your password', passwordNew: 'At least 8 characters', nickname: 'Nickname', nicknamePh: 'Optional', toRegister: 'No account? Sign up',
    toLogin: 'Have an account? Sign in', welcome: 'Signed in', registered: 'Account created', logout: 'Sign out', logoutConfirm: 'Sign out now?', phoneHint: 'A new number gets an account on first sign-in',
    needLogin: 'Please sign in first',
  },
  home: { search: 'Search products', presaleZone: 'Presale zone', presaleZoneDesc: 'Deposit bonus · tier prices · first paid, first served', coupons: 'Coupons', promotions: 'Running promotions', recommend: 'For you', enter: 'Go' },
  catalog: { all: 'All products', sortDefault: 'Default', sortSales: 'Sales', sortPriceAsc: 'Price: low to high', sortPriceDesc: 'Price: high to low', sortNewest: 'Newest', searchPh: 'Search products', search: 'Search', noResult: 'No matching products' },
  product: {
    chooseSku: 'Choose options', chosen: 'Chosen', stock: '{n} in stock', outOfStock: 'Out of stock', quantity: 'Quantity', addToCart: 'Add to cart', buyNow: 'Buy now',
    added: 'Added to cart', notifyMe: 'Notify me', notifyMeOpen: 'Remind me', notified: 'Subscribed: we will send you a message', marketPrice: 'Was', detail: 'Details',
    warranty: 'Warranty', noAfterSales: 'No after-sales service for this product', selectAll: 'Choose every option first', price: 'Price',
    preorder: 'Pre-order', preorderTitle: 'Pre-order', availableAt: 'Expected', preorderTerms: 'Pre-order terms', depositPerUnit: 'Deposit per unit', depositRefundable: 'Deposit refundable', depositNotRefundable: 'Deposit non-refundable',
    payDays: 'Pay within {n} days of arrival', unitsLeft: '{n} left to pre-order', strategy: { upfront: 'Pay in full now', deposit: 'Deposit now', on_release: 'Pay on arrival', authorize: 'Authorised now, charged on shipment' },
    preorderNow: 'Pre-order now',
  },
  presale: {
    batches: 'Ships in batches (placed in order of {kind} payment)', batchLine: 'Batch {seq} · {units} units', batchShip: 'Balance {window}, ships {ship}', batchFull: 'Full',
    tag: 'Presale', upcoming: 'Coming soon', ended: 'Ended', presalePrice: 'Presale price', regularPrice: 'Regular', deposit: '{kind}', depositValue: '{kind} value', depositWorth: '{kind} {deposit} counts as {value}',
    balance: 'Balance', balanceWindow: 'Balance window', shipDate: 'Est. ship date', shipDays: 'Ships within {n} days of payment', endsIn: 'Ends in', startsIn: 'Starts in', tierProgress: 'Tier progress',
    depositsPaid: '{n} units with {kind} paid', tierNext: '{n} more and each balance drops by {off}', tierReached: 'Reached: {off} off each balance', tierRule: '{n} units: {off} off', rules: 'Rules', terms: 'Presale terms',
    quota: '{n} units, {left} left', perBuyer: 'Max {n} per buyer', payDeposit: 'Pay {kind}', buyFull: 'Pre-buy now', minTarget: 'Needs {n} units or everyone is refunded',
    zoneTitle: 'Presale zone', zoneEmpty: 'No presale campaigns', fullType: 'Full-payment presale', depositType: 'Deposit presale', viewProduct: 'View', soldOut: 'Sold out', notStarted: 'Not started',
    kindEarnest: 'Earnest deposit', kindPrepayment: 'Prepayment',
  },
  countdown: { day: 'd', startsIn: 'Starts in', endsIn: 'Ends in', balanceStartsIn: 'Balance opens in', balanceEndsIn: 'Balance closes in', over: 'Ended', balanceOver: 'Balance window closed' },
  cart: {
    title: 'Cart', empty: 'Your cart is empty', goShopping: 'Go shopping', selectAll: 'All', checkout: 'Check out ({n})', removeConfirm: 'Remove this item?', clear: 'Empty',
    clearConfirm: 'Empty the cart?', notReady: 'Some selected items cannot be bought', nothingSelected: 'Select items to check out', discount: 'Saved',
  },
  checkout: {
    title: 'Confirm order', address: 'Address', addAddress: 'Add an address', chooseAddress: 'Choose an address', coupon: 'Coupon', noCoupon: 'No coupon', couponsAvailable: '{n} usable',
    points: 'Points', pointsBalance: '{n} points available', pointsUse: 'Use points', note: 'Note', notePh: 'Optional note to the shop', submit: 'Place order', payable: 'To pay',
    depositNow: 'Pay now', termsAgree: 'I have read and accept: the {kind} is non-refundable', termsAgreePrepayment: 'I have read and accept the presale terms ({kind}: refundable before the balance)', termsTitle: 'Presale terms (version {v})', termsRequired: 'Please accept the {kind} terms first', priceChanged: 'The price changed; check and submit again',
    problems: 'These items cannot be bought', presaleStages: 'Paid in two stages', preorderTerms: 'I have read and accept the pre-order terms', placing: 'Placing...', noAddress: 'Add a delivery address first',
    couponDisabled: 'Coupons cannot be used in this campaign', pointsDisabled: 'Points cannot be used in this campaign',
  },
  breakdown: { title: 'Price details', goods: 'Goods', promotion: 'Promotions', coupon: 'Coupon', points: 'Points', shipping: 'Shipping', total: 'Total', deposit: '{kind} (now)', balance: 'Balance (from {start})', balancePlain: 'Balance', tierDiscount: 'Tier discount', freeShipping: 'Free' },
  pay: {
    title: 'Payment', going: 'Opening the cashier...', paying: 'Confirming payment...', success: 'Paid', failed: 'Not paid', pending: 'Waiting for the result', viewOrder: 'View order', backHome: 'Home',
    paidByPoints: 'Covered by points and coupons: nothing to pay', retry: 'Pay again',
  },
  order: {
    title: 'My orders', detail: 'Order details', no: 'Order no.', createdAt: 'Placed', paidAt: 'Paid', payDue: 'Pay before {t}', pay: 'Pay now', payDeposit: 'Pay {kind}', payBalance: 'Pay balance',
    cancel: 'Cancel order', cancelConfirm: 'Cancel this order?', cancelRefund: 'Payments are refunded to where they came from', cancelled: 'Order cancelled', confirmReceipt: 'Confirm receipt', confirmConfirm: 'Have you received the goods?', confirmed: 'Receipt confirmed',
    aftersales: 'After-sales', timeline: 'Timeline', shipments: 'Shipments', carrier: 'Carrier', trackingNo: 'Tracking no.', payments: 'Payments', stageDeposit: '{kind}', stageBalance: 'Balance', stageFull: 'Full',
    paid: 'Paid', unpaid: 'Unpaid', refunded: 'Refunded {amount}', empty: 'No orders', itemCount: '{n} items', presale: 'Presale order', balanceWindow: 'Balance window', balanceNotOpen: 'The balance window has not opened',
    estimatedShip: 'Est. ship date', batch: 'Batch {seq} of {of}', forfeited: '{kind} kept: {amount}', delayed: 'The shop delayed shipping: you may cancel for a full refund', tierDiscount: 'Tier discount {amount}',
    preorder: 'Pre-order', queue: 'Queue position {n}', payBy: 'Pay before {t}', shipDateChanges: 'Ship date changes', address: 'Delivery', cancelReason: 'Cancel reason', closeReason: 'Close reason',
    status: {
      all: 'All', awaiting_deposit: 'Deposit due', awaiting_balance: 'Balance due', awaiting_payment: 'To pay', awaiting_stock: 'Awaiting stock', awaiting_shipment: 'To ship', shipped: 'Shipped', completed: 'Completed', cancelled: 'Cancelled', closed: 'Closed',
    },
    stage: { full: 'Full', deposit: 'Deposit', balance: 'Balance' },
    event: { order_placed: 'Order placed', order_paid: 'Paid', order_deposit_paid: 'Deposit paid', order_shipped: 'Shipped', order_partially_shipped: 'Partly shipped', order_delivered: 'All parcels delivered', order_completed: 'Completed', order_cancelled: 'Cancelled', order_closed: 'Closed', order_refunded: 'Refunded', order_payment_captured: 'Payment captured', order_balance_lapsed: 'Balance not paid in time', presale_tier_applied: 'Tier discount applied', presale_ship_date_changed: 'Ship date changed', presale_batch_placed: 'Placed in a batch', presale_ship_overdue: 'Shipping overdue', presale_compensation_failed: 'Compensation failed', preorder_queued: 'Queued for stock', preorder_filled: 'Stock allocated', preorder_capture_requested: 'Capturing payment', preorder_balance_lapsed: 'Pre-order lapsed' },
  },
  aftersales: {
    apply: 'Request after-sales', title: 'After-sales', type: 'Type', types: { refund_only: 'Refund only', return_refund: 'Return & refund', exchange: 'Exchange' }, reason: 'Reason', chooseReason: 'Choose a reason',
    description: 'Description', descriptionPh: 'What went wrong (optional)', photos: 'Photos (up to {n})', lines: 'Items', quantity: 'Qty', refundAmount: 'Refund', maxRefund: 'At most {amount}',
    submit: 'Submit', submitted: 'Request submitted', notEligible: 'This order cannot take an after-sales request now', list: 'My after-sales', detail: 'After-sales details', progress: 'Progress', history: 'History', withdraw: 'Withdraw',
    withdrawConfirm: 'Withdraw this request?', returnShipment: 'Return shipment', carrier: 'Carrier', trackingNo: 'Tracking no.', ticketNo: 'Ticket no.', rejectReason: 'Rejected because', uploading: 'Uploading...',
    status: { pending_review: 'Under review', awaiting_return: 'Awaiting return', received: 'Received', refunding: 'Refunding', refund_failed: 'Refund failed', refunded: 'Refunded', exchanged: 'Exchanged', rejected: 'Rejected', withdrawn: 'Withdrawn' },
    blocker: {
      order_not_paid: 'Order not paid', order_closed: 'Order closed', window_expired: 'After-sales period over', after_sales_not_allowed: 'No after-sales for this product', fully_refunded: 'Fully refunded', open_ticket: 'A request is in progress', not_shipped: 'Not shipped: refund only',
    },
    noneSelected: 'Choose at least one item', reasonRequired: 'Choose a reason',
  },
  mine: {
    title: 'Me', login: 'Sign in / Sign up', orders: 'My orders', allOrders: 'All orders', coupons: 'My coupons', points: 'My points', messages: 'Messages', addresses: 'Addresses', aftersales: 'After-sales',
    reminders: 'My reminders', couponCenter: 'Coupon centre', settings: 'Settings', hello: 'Hello, {name}',
    geoCredit: 'Pre-order countries judged from the IP address use GeoLite2 data:',
  },
  address: {
    title: 'Addresses', add: 'Add address', edit: 'Edit address', receiver: 'Receiver', phone: 'Phone', province: 'Province', city: 'City', district: 'District', detail: 'Street address', postalCode: 'Postcode', tag: 'Tag',
    isDefault: 'Default address', default: 'Default', deleteConfirm: 'Delete this address?', empty: 'No addresses yet', saved: 'Address saved', deleted: 'Address deleted', choose: 'Choose',
    receiverPh: 'Full name', phonePh: 'Mobile or landline', provincePh: 'e.g. Guangdong', cityPh: 'e.g. Shenzhen', districtPh: 'e.g. Nanshan', detailPh: 'Street, building, room', postalCodePh: 'Optional', required: '{field} is required',
    region: 'Region', regionPh: 'Province / city / district', regionRequired: 'Choose the province, city and district', regionIncomplete: 'Choose a province, a city and a district', regionPick: 'Choose',
  },
  coupon: {
    title: 'My coupons', center: 'Coupon centre', unused: 'Unused', used: 'Used', expired: 'Expired', claim: 'Claim', claimed: 'Claimed', owned: '{n} claimed', validUntil: 'Valid until {t}',
    validRange: '{from} to {to}', threshold: 'Orders over {amount}', noThreshold: 'No minimum', remaining: '{n} left', use: 'Use', empty: 'No coupons',
  },
  points: { title: 'My points', balance: 'Balance', ledger: 'History', reason: { earn_order: 'Earned on order', spend_order: 'Spent on order', refund_order: 'Returned on refund', reverse_earn: 'Taken back on refund', admin_adjust: 'Adjusted by the shop', compensation: 'Compensation' }, rule: '{n} points = ¥1, up to {p}% of an order' },
  messages: { title: 'Messages', readAll: 'Mark all read', unread: 'Unread', empty: 'No messages', allRead: 'All marked read' },
  reminders: { title: 'My reminders', waiting: 'Waiting', notified: 'Notified', cancel: 'Cancel', cancelled: 'Reminder cancelled', empty: 'No reminders', target: { product: 'Product', sku: 'Option', campaign: 'Campaign' } },
  support: {
    help: 'Help centre', servicePoints: 'Service points', searchPh: 'Search, e.g. refund apply', search: 'Search', categories: 'Topics', results: 'Results', noResult: 'No matching questions',
    helpful: 'Was this article helpful?', yes: 'Yes', no: 'No', thanks: 'Thanks for your feedback', votes: '{yes} found this helpful', loginToVote: 'Sign in to vote',
    warranty: 'Warranty', warrantyMonths: '{n}-month warranty', covers: 'Covers', terms: 'Terms',
    region: 'Region', chooseRegion: 'Choose province / city / district', keyword: 'Keyword', keywordPh: 'Name, brand or category', find: 'Find', phone: 'Phone', hours: 'Hours',
    noPoints: 'No service points in this region', fellBack: 'None in {asked}; showing {shown} instead', needRegion: 'Choose a region or type a keyword', call: 'Call',
    scope: { district: 'the district', city: 'the city', province: 'the whole province', keyword: 'keyword' },
  },
  chat: {
    title: 'Customer service', withStaff: 'Agent {name}', contact: 'Contact us', contactShort: 'Service', placeholder: 'Type a message…', send: 'Send',
    connecting: 'Connecting…', reconnecting: 'Disconnected, reconnecting', disconnected: 'Disconnected; reload the page', noEarlier: 'No earlier messages',
    welcome: 'Hello, how can we help? An agent will answer shortly', sendProduct: 'Send product', sendOrder: 'Send order', pickOrder: 'Pick the order to ask about', noOrders: 'No orders yet',
    orderNo: 'Order {no}', state: { sending: 'Sending…', sent: 'Delivered', read: 'Read', failed: 'Not sent, tap to retry' }, kind: { text: 'Text', product: 'Product', order: 'Order', system: 'Notice' },
  },
  delivery: { to: 'Deliver to', days: 'Arrives in {min}–{max} days', estimate: 'Estimated delivery', free: 'Free shipping', fee: 'Shipping {fee}', choose: 'Choose where to deliver' },
  installation: {
    badge: 'Delivery & installation', free: 'Free installation', badgeHint: 'Book a time at checkout or after paying', title: 'Delivery & installation', checkoutTitle: 'Book delivery & installation', optional: 'Optional; you can also book it from the order',
    pickTitle: 'Pick a time', pickSlot: 'Please pick a day and a period', pickConfirm: 'OK', contactRequired: 'Please give a contact name and phone', contactName: 'Contact', contactPhone: 'Phone', note: 'Note', notePh: 'Floor, lift, ...',
    monthDay: '{m}/{d}', remaining: '{n} left', full: 'Full',
    weekday: { sun: 'Sun', mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat' },
    period: { morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening' }, periodHours: { morning: '9:00-12:00', afternoon: '13:00-18:00', evening: '18:00-21:00' },
    status: { requested: 'Awaiting confirmation', confirmed: 'Confirmed', completed: 'Completed', cancelled: 'Cancelled' },
    book: 'Book installation', change: 'Change', cancel: 'Cancel booking', booked: 'Booked; the shop will confirm it', changed: 'Booking changed', cancelled: 'Booking cancelled', cancelConfirm: 'Cancel the installation booking?',
    technician: 'Technician', staffNote: 'Shop note', completedAt: 'Completed', askStaff: 'Confirmed: ask customer service to change or cancel it', notBooked: 'No installation time booked yet', wasCancelled: 'The booking for {slot} was cancelled',
  },
  parcel: { many: '{n} parcels', nth: 'Parcel {n}', copy: 'Copy', copied: 'Tracking number copied', track: 'Track', noEvents: 'Sent {t}; waiting for the carrier to update', status: { shipped: 'Shipped', in_transit: 'In transit', out_for_delivery: 'Out for delivery', delivered: 'Delivered', exception: 'Exception' } },
};

export default en;
