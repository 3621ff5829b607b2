/**
 * The service actions of the 13 stacks, with latency and payload profiles. Actions of category
 * `internal` are never chosen by users: they are what dependency-only services do when called.
 */
import { CATEGORIES, type Category } from './personas.js';

export const APPLICATION = 'social';

export interface Action {
  index: number;
  stack: string;
  service: string;
  /** Index into the service list. */
  serviceIndex: number;
  name: string;
  category: Category | 'internal';
  objectType: string | null;
  isWrite: boolean;
  hasTargetUser: boolean;
  latencyMs: number;
  latencySdMs: number;
  payloadBytes: number;
  payloadSdBytes: number;
  /** Relative weight within its category. */
  weight: number;
}

export interface Service {
  index: number;
  stack: string;
  name: string;
  /** `stack:service`, as error_source names a dependency. */
  key: string;
  /** Action used when this service is called as a dependency: [read, write]. */
  callActions: [number, number];
}

// stack service action category object_type r|w latency_ms payload_bytes weight target_user
const CATALOGUE = `
user identity login account - w 120 900 6 0
user identity logout account - w 40 200 2 0
user identity refresh_token account - w 25 400 10 0
user identity verify_2fa account - w 90 300 1 0
user profile get_profile feed_consumption profile r 45 3500 12 1
user profile update_profile account profile w 80 2500 2 0
user profile upload_avatar account media w 260 9000 1 0
user privacy get_privacy_settings account settings r 30 800 2 0
user privacy update_privacy_settings account settings w 60 800 1 0
user privacy block_list account settings r 35 1200 1 0
user account get_account account account r 35 1500 2 0
user account update_email account account w 90 500 1 0
user account delete_account account account w 300 400 0.05 0
user account signup onboarding account w 350 1800 8 0
social connections follow social_graph user w 70 400 8 1
social connections unfollow social_graph user w 60 400 2 1
social connections get_followers social_graph user r 55 6000 5 1
social connections get_following social_graph user r 55 6000 5 1
social connections get_mutuals social_graph user r 80 4000 1 1
social blocks block_user social_graph user w 50 300 0.5 1
social blocks unblock_user social_graph user w 45 300 0.2 1
social blocks get_blocked social_graph user r 40 1500 0.3 0
social suggestions get_suggestions social_graph user r 140 8000 4 0
social suggestions dismiss_suggestion social_graph user w 30 200 1 1
social suggestions onboarding_suggestions onboarding user r 160 9000 6 0
social contacts sync_contacts onboarding contact w 400 30000 3 0
social contacts get_contacts social_graph contact r 60 5000 1 0
social contacts invite_contact onboarding contact w 90 600 2 0
social contacts match_contacts social_graph contact r 180 12000 0.5 0
content posts create_post content_creation post w 180 4000 10 0
content posts get_post feed_consumption post r 40 5000 12 0
content posts edit_post content_creation post w 110 3500 2 0
content posts delete_post content_creation post w 70 300 0.5 0
content posts get_user_posts feed_consumption post r 90 20000 5 1
content posts pin_post creator_tools post w 50 300 0.5 0
content media upload_photo content_creation media w 450 2000000 6 0
content media upload_video content_creation media w 1200 20000000 2 0
content media get_media feed_consumption media r 35 250000 10 0
content media get_thumbnail feed_consumption media r 20 30000 6 0
content stories create_story content_creation story w 300 1500000 4 0
content stories view_story feed_consumption story r 50 400000 8 1
content stories get_stories_feed feed_consumption story r 110 30000 5 0
content stories delete_story content_creation story w 60 300 0.3 0
content comments add_comment engagement comment w 90 1200 10 1
content comments get_comments engagement comment r 55 15000 8 0
content comments delete_comment engagement comment w 50 300 0.5 0
content comments like_comment engagement comment w 35 200 4 1
content reactions like_post engagement post w 30 200 25 1
content reactions unlike_post engagement post w 28 200 3 1
content reactions react_post engagement post w 32 250 8 1
content reactions get_reactions engagement post r 40 3000 4 0
content shares share_post engagement post w 85 800 5 1
content shares get_shares engagement post r 45 2500 1 0
content hashtags get_hashtag discovery hashtag r 60 12000 3 0
content hashtags follow_hashtag discovery hashtag w 40 300 1 0
feed timeline get_timeline feed_consumption post r 160 45000 25 0
feed timeline refresh_timeline feed_consumption post r 120 30000 12 0
feed timeline get_older_posts feed_consumption post r 140 40000 8 0
feed ranking rank_candidates internal post r 70 20000 0 0
feed fanout fanout_post internal post w 90 2000 0 0
feed aggregation aggregate_activity internal activity r 60 8000 0 0
messaging dm send_message messaging message w 70 900 15 1
messaging dm get_conversation messaging conversation r 60 12000 10 1
messaging dm get_inbox messaging conversation r 80 15000 8 0
messaging dm mark_read messaging message w 25 200 8 1
messaging dm delete_message messaging message w 40 200 0.5 1
messaging groups create_group messaging group w 120 1500 0.5 0
messaging groups send_group_message messaging message w 90 1100 6 0
messaging groups get_group messaging group r 70 10000 3 0
messaging groups add_member messaging group w 60 400 0.5 1
messaging groups leave_group messaging group w 50 300 0.3 0
messaging realtime connect messaging session w 40 300 5 0
messaging realtime typing_indicator messaging session w 10 100 6 1
messaging realtime deliver_event internal session w 12 400 0 0
messaging presence get_presence messaging user r 15 400 5 1
messaging presence set_presence messaging user w 15 200 3 0
messaging presence heartbeat internal user w 8 100 0 0
notifications push send_push internal notification w 45 600 0 0
notifications email send_email internal notification w 150 8000 0 0
notifications sms send_sms internal notification w 200 300 0 0
notifications inapp get_notifications engagement notification r 50 8000 10 0
notifications inapp mark_notifications_read engagement notification w 30 200 4 0
notifications inapp create_notification internal notification w 20 500 0 0
notifications preferences get_notification_preferences account settings r 25 900 1 0
notifications preferences update_notification_preferences account settings w 45 900 0.5 0
search users search_users discovery user r 120 10000 5 0
search content search_posts discovery post r 180 25000 5 0
search hashtags search_hashtags discovery hashtag r 90 6000 2 0
search indexer index_document internal document w 60 3000 0 0
discovery trending get_trending discovery hashtag r 110 15000 5 0
discovery explore get_explore discovery post r 220 60000 8 0
discovery recommendations get_recommendations discovery post r 250 40000 5 0
discovery interests get_interests discovery interest r 40 2000 1 0
discovery interests update_interests onboarding interest w 60 1000 4 0
moderation reports report_content engagement report w 80 1500 0.5 0
moderation reports report_user social_graph report w 80 1200 0.2 1
moderation reports get_report_status account report r 40 800 0.1 0
moderation content-review review_content internal report w 300 4000 0 0
moderation auto-mod scan_content internal post r 80 2000 0 0
moderation spam check_spam internal message r 25 1000 0 0
ads campaigns create_campaign advertising campaign w 250 6000 4 0
ads campaigns update_campaign advertising campaign w 180 4000 6 0
ads campaigns get_campaigns advertising campaign r 90 20000 8 0
ads campaigns pause_campaign advertising campaign w 80 400 2 0
ads targeting get_audience_estimate advertising audience r 300 3000 4 0
ads targeting update_targeting advertising audience w 120 2000 3 0
ads ad-analytics get_campaign_stats advertising campaign r 350 25000 8 0
ads bidding run_auction internal ad r 25 1500 0 0
ads delivery select_ads internal ad r 35 6000 0 0
payments subscriptions subscribe creator_tools subscription w 400 1200 2 1
payments subscriptions cancel_subscription account subscription w 250 600 0.5 1
payments wallet get_balance creator_tools wallet r 60 800 2 0
payments wallet add_funds advertising wallet w 500 900 1 0
payments wallet transfer creator_tools wallet w 450 900 0.5 1
payments processor charge_payment internal payment w 600 1500 0 0
payments payouts send_payout internal payment w 700 1200 0 0
creator studio get_studio_dashboard creator_tools dashboard r 280 50000 6 0
creator studio schedule_post creator_tools post w 120 4000 3 0
creator creator-analytics get_post_insights creator_tools post r 320 30000 6 0
creator creator-analytics get_audience_insights creator_tools audience r 380 40000 3 0
creator monetization enable_monetization creator_tools account w 200 1000 0.5 0
creator monetization get_earnings creator_tools payment r 150 6000 3 0
creator shop create_product creator_tools product w 220 8000 1 0
creator shop purchase_product engagement product w 650 1500 0.5 1
live streaming start_stream live_streaming stream w 800 5000 3 0
live streaming end_stream live_streaming stream w 200 800 3 0
live streaming watch_stream live_streaming stream r 150 500000 12 1
live live-chat send_chat live_streaming chat w 35 400 15 1
live live-chat get_chat live_streaming chat r 45 8000 6 0
live gifts send_gift live_streaming gift w 350 600 3 1
live gifts get_gift_catalog live_streaming gift r 60 12000 1 0
live vod get_vod live_streaming vod r 90 800000 4 0
live vod list_vods live_streaming vod r 70 15000 2 1
`;

function parse(): { actions: Action[]; services: Service[] } {
  const actions: Action[] = [];
  const services: Service[] = [];
  const byKey = new Map<string, Service>();
  for (const line of CATALOGUE.trim().split('\n')) {
    const [stack, serviceName, name, category, objectType, rw, latency, payload, weight, target] = line.split(' ') as string[];
    if (!CATEGORIES.includes(category as Category) && category !== 'internal') throw new Error(`social: unknown category ${category}`);
    const key = `${stack}:${serviceName}`;
    let service = byKey.get(key);
    if (!service) {
      service = { index: services.length, stack: stack!, name: serviceName!, key, callActions: [-1, -1] };
      services.push(service);
      byKey.set(key, service);
    }
    const isWrite = rw === 'w';
    const action: Action = {
      index: actions.length,
      stack: stack!,
      service: serviceName!,
      serviceIndex: service.index,
      name: name!,
      category: category as Action['category'],
      objectType: objectType === '-' ? null : objectType!,
      isWrite,
      hasTargetUser: target === '1',
      latencyMs: Number(latency),
      latencySdMs: Number(latency) * 0.3,
      payloadBytes: Number(payload),
      payloadSdBytes: Number(payload) * 0.25,
      weight: Number(weight),
    };
    actions.push(action);
    const slot = isWrite ? 1 : 0;
    if (service.callActions[slot] < 0) service.callActions[slot] = action.index;
  }
  for (const service of services) {
    // A service without a read (or write) action answers such calls with its other kind.
    if (service.callActions[0] < 0) service.callActions[0] = service.callActions[1];
    if (service.callActions[1] < 0) service.callActions[1] = service.callActions[0];
  }
  return { actions, services };
}

export const { actions: ACTIONS, services: SERVICES } = parse();

export function serviceByKey(key: string): Service {
  const service = SERVICES.find((s) => s.key === key);
  if (!service) throw new Error(`social: unknown service '${key}'`);
  return service;
}
