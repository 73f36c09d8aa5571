//! The JSON replies of the `depin_*` methods, built by the node from the runtime APIs' answers
//! and read back, typed, by clients such as the operator CLI. `docs/rpc.md` shows each one.
//!
//! Fields hold the chain's own types; their JSON is the text forms of [`super::text`]: keys and
//! accounts as strings, amounts as decimal strings of planck (JSON numbers cannot hold them).

use std::collections::BTreeMap;

use super::text::{
	as_account, as_amount, as_cell, as_device_key, as_hash, as_kind, as_reason, as_revocation,
	as_status, Scheme,
};
use depin_primitives::{
	geo::{self, H3Cell},
	maker::{Capability, Certification, Revocation},
	work::WorkTotals,
	DeviceKey, DeviceKind, DeviceStatus, SanctionReason,
};
use depin_runtime::{AccountId, Balance, BlockNumber};
use pallet_coverage::{DeviceCoverage, EpochInfo, PocParams, ProofCounts};
use pallet_rewards::PoolSplit;
use serde::{Deserialize, Serialize};
use sp_core::H256;

/// Reward units by category, in millionths of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitsJson {
	/// Beacon units.
	pub beacon: u64,
	/// Witness units.
	pub witness: u64,
	/// Uptime units.
	pub uptime: u64,
}

impl From<WorkTotals> for UnitsJson {
	fn from(totals: WorkTotals) -> Self {
		Self { beacon: totals.beacon, witness: totals.witness, uptime: totals.uptime }
	}
}

/// A device's asserted location.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationJson {
	/// The resolution-12 H3 cell.
	#[serde(with = "as_cell")]
	pub cell: H3Cell,
	/// Latitude of the cell's centre, degrees.
	pub lat: f64,
	/// Longitude of the cell's centre, degrees.
	pub lng: f64,
	/// Antenna gain, tenths of dBi.
	pub gain_dbi_x10: u16,
	/// Antenna elevation, metres.
	pub elevation_m: i32,
	/// The block of the assertion.
	pub asserted_at: BlockNumber,
}

/// A device's proof-of-coverage timing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoverageJson {
	/// The block of its latest beacon.
	pub last_beacon: Option<u32>,
	/// The first block at which it may beacon again.
	pub next_beacon: u32,
	/// The latest epoch with an accepted heartbeat.
	pub last_heartbeat: Option<u32>,
	/// The reports its open announced beacon has collected, if one is open.
	pub open_beacon_reports: Option<u32>,
}

impl From<DeviceCoverage> for CoverageJson {
	fn from(c: DeviceCoverage) -> Self {
		Self {
			last_beacon: c.last_beacon,
			next_beacon: c.next_beacon,
			last_heartbeat: c.last_heartbeat,
			open_beacon_reports: c.open_beacon_reports,
		}
	}
}

/// A registered device (`depin_device`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceJson {
	/// Its key.
	#[serde(with = "as_device_key")]
	pub device: DeviceKey,
	/// Its key's signature scheme.
	pub scheme: Scheme,
	/// Its owner.
	#[serde(with = "as_account")]
	pub owner: AccountId,
	/// Its kind.
	#[serde(with = "as_kind")]
	pub kind: DeviceKind,
	/// Whether it takes part in proof-of-coverage (`active`), or the sanction on its key
	/// (`suspended`, `denied`).
	#[serde(with = "as_status")]
	pub status: DeviceStatus,
	/// The grounds of its sanction and the owner's appeal; `None` while active.
	pub sanction: Option<SanctionJson>,
	/// The open challenge against it, if any.
	pub challenge: Option<ChallengeJson>,
	/// Where it is, if asserted.
	pub location: Option<LocationJson>,
	/// The block of its registration.
	pub registered_at: BlockNumber,
	/// The bond held for it.
	#[serde(with = "as_amount")]
	pub bond: Balance,
	/// Registrations of the key so far (the next proof of possession signs this nonce).
	pub registration_nonce: u32,
	/// Who certified it; `None` for a device of an open kind registered without certificate.
	pub certification: Option<CertificationJson>,
	/// Why its certification no longer holds (`makerRevoked`, `makerKeyRevoked`,
	/// `batchRecalled`, `uncertified`): its proofs are refused.
	#[serde(with = "as_revocation::option")]
	pub revocation: Option<Revocation>,
	/// Its proof-of-coverage timing.
	pub coverage: CoverageJson,
}

/// The grounds of a device's sanction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SanctionJson {
	/// Why.
	#[serde(with = "as_reason")]
	pub reason: SanctionReason,
	/// The hash of the published evidence.
	#[serde(with = "as_hash")]
	pub evidence: H256,
	/// The block in which it was imposed.
	pub since: BlockNumber,
	/// The owner's pending appeal.
	pub appeal: Option<AppealJson>,
}

/// A pending appeal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppealJson {
	/// The owner who appealed.
	#[serde(with = "as_account")]
	pub appellant: AccountId,
	/// Its deposit.
	#[serde(with = "as_amount")]
	pub deposit: Balance,
}

/// An open challenge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeJson {
	/// Who challenged.
	#[serde(with = "as_account")]
	pub challenger: AccountId,
	/// The challenger's bond.
	#[serde(with = "as_amount")]
	pub bond: Balance,
	/// The fraud claimed.
	#[serde(with = "as_reason")]
	pub reason: SanctionReason,
	/// The hash of the published evidence.
	#[serde(with = "as_hash")]
	pub evidence: H256,
	/// The block in which it was opened.
	pub opened_at: BlockNumber,
}

/// A device's maker certification, as its record keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificationJson {
	/// The certifying maker's number.
	pub maker: u32,
	/// The index of the certifying key among the maker's keys.
	pub key: u8,
	/// The production batch.
	pub batch: u32,
	/// The maker's serial number of the device.
	pub serial: u64,
	/// An energy device's rated power in watts.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub rated_power_w: Option<u32>,
	/// A compute device's hardware class.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub compute_class: Option<u8>,
}

impl From<Certification> for CertificationJson {
	fn from(certification: Certification) -> Self {
		let (rated_power_w, compute_class) = match certification.capability {
			Capability::Unrated => (None, None),
			Capability::RatedPowerW(watts) => (Some(watts), None),
			Capability::ComputeClass(class) => (None, Some(class)),
		};
		Self {
			maker: certification.maker,
			key: certification.key,
			batch: certification.batch,
			serial: certification.serial,
			rated_power_w,
			compute_class,
		}
	}
}

impl DeviceJson {
	/// The JSON form of a device record with its proof-of-coverage timing.
	pub fn new(
		details: pallet_devices::DeviceDetails<AccountId, Balance, BlockNumber>,
		coverage: DeviceCoverage,
	) -> Self {
		let info = details.info;
		let status = info.status();
		Self {
			device: details.device,
			scheme: Scheme::of(&details.device),
			owner: info.owner,
			kind: info.kind,
			status,
			sanction: info.sanction.map(|sanction| SanctionJson {
				reason: sanction.reason,
				evidence: sanction.evidence,
				since: sanction.since,
				appeal: sanction.appeal.map(|appeal| AppealJson {
					appellant: appeal.appellant,
					deposit: appeal.deposit,
				}),
			}),
			challenge: details.challenge.map(|challenge| ChallengeJson {
				challenger: challenge.challenger,
				bond: challenge.bond,
				reason: challenge.reason,
				evidence: challenge.evidence,
				opened_at: challenge.opened_at,
			}),
			location: info.location.map(|location| {
				let (lat, lng) = geo::cell_center(location.cell).unwrap_or_default();
				LocationJson {
					cell: location.cell,
					lat,
					lng,
					gain_dbi_x10: location.gain_dbi_x10,
					elevation_m: location.elevation_m,
					asserted_at: location.asserted_at,
				}
			}),
			registered_at: info.registered_at,
			bond: info.bond,
			registration_nonce: info.registrations,
			certification: info.certification.map(Into::into),
			revocation: details.revocation,
			coverage: coverage.into(),
		}
	}
}

/// What a device proved and earned in one closed epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpochRewardJson {
	/// The epoch.
	pub epoch: u32,
	/// Its units, by category.
	pub units: UnitsJson,
	/// What they earned.
	#[serde(with = "as_amount")]
	pub amount: Balance,
}

/// A device's rewards (`depin_deviceRewards`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRewardsJson {
	/// The device.
	#[serde(with = "as_device_key")]
	pub device: DeviceKey,
	/// Its owner, whom a claim pays.
	#[serde(with = "as_account")]
	pub owner: AccountId,
	/// Claimable now.
	#[serde(with = "as_amount")]
	pub claimable: Balance,
	/// Claimable by closed epoch, oldest first.
	pub claimable_by_epoch: Vec<EpochRewardJson>,
	/// Its share of the current epoch if it closed now.
	#[serde(with = "as_amount")]
	pub pending: Balance,
	/// Its units in the current epoch so far.
	pub pending_units: UnitsJson,
}

impl From<pallet_rewards::DeviceRewards<AccountId, Balance>> for DeviceRewardsJson {
	fn from(r: pallet_rewards::DeviceRewards<AccountId, Balance>) -> Self {
		Self {
			device: r.device,
			owner: r.owner,
			claimable: r.claimable_total,
			claimable_by_epoch: r
				.claimable
				.iter()
				.map(|e| EpochRewardJson {
					epoch: e.epoch,
					units: e.units.into(),
					amount: e.amount,
				})
				.collect(),
			pending: r.pending,
			pending_units: r.pending_units.into(),
		}
	}
}

/// An account's rewards over all its devices (`depin_pendingRewards`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingRewardsJson {
	/// The account.
	#[serde(with = "as_account")]
	pub account: AccountId,
	/// How many devices it owns.
	pub devices: u32,
	/// Claimable now.
	#[serde(with = "as_amount")]
	pub claimable: Balance,
	/// Its devices' shares of the current epoch if it closed now.
	#[serde(with = "as_amount")]
	pub pending: Balance,
	/// All it was ever paid (device rewards and block authoring).
	#[serde(with = "as_amount")]
	pub lifetime_paid: Balance,
}

impl PendingRewardsJson {
	/// The JSON form of `account`'s reward totals.
	pub fn new(account: AccountId, totals: pallet_rewards::AccountTotals<Balance>) -> Self {
		Self {
			account,
			devices: totals.devices,
			claimable: totals.claimable,
			pending: totals.pending,
			lifetime_paid: totals.lifetime_paid,
		}
	}
}

/// One page of an account's devices with their rewards (`depin_accountRewards`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRewardsJson {
	/// The account.
	#[serde(with = "as_account")]
	pub account: AccountId,
	/// The page's devices.
	pub devices: Vec<DeviceRewardsJson>,
	/// Claimable now for the page's devices.
	#[serde(with = "as_amount")]
	pub claimable: Balance,
	/// Pending for the page's devices.
	#[serde(with = "as_amount")]
	pub pending: Balance,
	/// All the account was ever paid.
	#[serde(with = "as_amount")]
	pub lifetime_paid: Balance,
	/// Pass as `after` for the next page; `null` on the last.
	#[serde(with = "as_device_key::option")]
	pub next: Option<DeviceKey>,
}

impl AccountRewardsJson {
	/// The JSON form of one page of `account`'s device rewards.
	pub fn new(
		account: AccountId,
		page: pallet_rewards::AccountRewards<AccountId, Balance>,
	) -> Self {
		Self {
			account,
			devices: page.devices.into_iter().map(DeviceRewardsJson::from).collect(),
			claimable: page.claimable_total,
			pending: page.pending_total,
			lifetime_paid: page.lifetime_paid,
			next: page.next,
		}
	}
}

/// One page of an owner's devices (`depin_devicesOf`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DevicePageJson {
	/// The owner.
	#[serde(with = "as_account")]
	pub owner: AccountId,
	/// How many devices it owns in all.
	pub total: u32,
	/// The page's devices.
	pub devices: Vec<DeviceJson>,
	/// Pass as `after` for the next page; `null` on the last.
	#[serde(with = "as_device_key::option")]
	pub next: Option<DeviceKey>,
}

/// Active located devices in a cell, by kind (`depin_cell`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellJson {
	/// The cell.
	#[serde(with = "as_cell")]
	pub cell: H3Cell,
	/// Its resolution.
	pub resolution: u8,
	/// Active devices by kind name (kinds with none left out).
	pub active: BTreeMap<String, u32>,
}

impl From<pallet_devices::CellDevices> for CellJson {
	fn from(c: pallet_devices::CellDevices) -> Self {
		Self {
			cell: c.cell,
			resolution: c.resolution,
			active: c
				.active
				.iter()
				.map(|k| (super::text::kind_name(k.kind).to_string(), k.count))
				.collect(),
		}
	}
}

/// Devices of one kind by status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCountsJson {
	/// Active.
	pub active: u32,
	/// Suspended.
	pub suspended: u32,
	/// Denied.
	pub denied: u32,
}

/// Registered devices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStatsJson {
	/// All registered devices.
	pub total: u32,
	/// Active devices.
	pub active: u32,
	/// By kind name and status.
	pub by_kind: BTreeMap<String, StatusCountsJson>,
}

impl From<pallet_devices::DeviceStats> for DeviceStatsJson {
	fn from(s: pallet_devices::DeviceStats) -> Self {
		Self {
			total: s.total,
			active: s.active,
			by_kind: s
				.by_kind
				.iter()
				.map(|k| {
					(
						super::text::kind_name(k.kind).to_string(),
						StatusCountsJson {
							active: k.active,
							suspended: k.suspended,
							denied: k.denied,
						},
					)
				})
				.collect(),
		}
	}
}

/// The epoch clock and what the epoch verified so far (`depin_epoch`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochJson {
	/// The current epoch.
	pub epoch: u32,
	/// Its first block.
	pub start: BlockNumber,
	/// Its length in blocks.
	pub length: BlockNumber,
	/// The first block of the next epoch.
	pub end: BlockNumber,
	/// The verification rules.
	pub params: PocParams,
	/// Units credited so far.
	pub units: UnitsJson,
	/// Proofs verified so far.
	pub proofs: ProofCounts,
}

impl From<EpochInfo<BlockNumber>> for EpochJson {
	fn from(e: EpochInfo<BlockNumber>) -> Self {
		Self {
			epoch: e.epoch,
			start: e.start,
			length: e.length,
			end: e.end,
			params: e.params,
			units: e.activity.units.into(),
			proofs: e.activity.proofs,
		}
	}
}

/// Network statistics (`depin_networkStats`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkStatsJson {
	/// Registered devices.
	pub devices: DeviceStatsJson,
	/// The current epoch.
	pub epoch: EpochJson,
}

/// A device pool: amount, units and what was paid from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolJson {
	/// Tokens in the pool.
	#[serde(with = "as_amount")]
	pub amount: Balance,
	/// Units sharing it.
	pub units: u64,
	/// Paid from it so far.
	#[serde(with = "as_amount")]
	pub paid: Balance,
}

impl From<pallet_rewards::Pool<Balance>> for PoolJson {
	fn from(p: pallet_rewards::Pool<Balance>) -> Self {
		Self { amount: p.amount, units: p.units, paid: p.paid }
	}
}

/// The device pools of an epoch, by work category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolsJson {
	/// Beacon units' pool.
	pub beacon: PoolJson,
	/// Witness units' pool.
	pub witness: PoolJson,
	/// Uptime units' pool.
	pub uptime: PoolJson,
}

impl From<pallet_rewards::EpochPools<Balance>> for PoolsJson {
	fn from(p: pallet_rewards::EpochPools<Balance>) -> Self {
		Self { beacon: p.beacon.into(), witness: p.witness.into(), uptime: p.uptime.into() }
	}
}

/// The emission schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleJson {
	/// Emission of epoch 0.
	#[serde(with = "as_amount")]
	pub initial_per_epoch: Balance,
	/// Epochs between halvings.
	pub halving_interval: u32,
	/// The supply cap.
	#[serde(with = "as_amount")]
	pub max_supply: Balance,
}

/// The chain's emission and reward accounting (`depin_rewardState`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardStateJson {
	/// The current epoch.
	pub epoch: u32,
	/// What closing it will mint.
	#[serde(with = "as_amount")]
	pub emission: Balance,
	/// Its device pools if it closed now.
	pub pools: PoolsJson,
	/// Units credited so far.
	pub units: UnitsJson,
	/// The split, in basis points by share.
	pub split: PoolSplit,
	/// The schedule.
	pub schedule: ScheduleJson,
	/// The first epoch of the next halving.
	pub next_halving: u32,
	/// Minted as rewards since genesis.
	#[serde(with = "as_amount")]
	pub total_minted: Balance,
	/// Paid to owners and authors.
	#[serde(with = "as_amount")]
	pub total_paid: Balance,
	/// Sent to the treasury.
	#[serde(with = "as_amount")]
	pub total_to_treasury: Balance,
	/// Minted and not claimed yet.
	#[serde(with = "as_amount")]
	pub unclaimed: Balance,
	/// The account holding unclaimed rewards.
	#[serde(with = "as_account")]
	pub pot: AccountId,
	/// The treasury.
	#[serde(with = "as_account")]
	pub treasury: AccountId,
}

impl From<pallet_rewards::RewardState<AccountId, Balance>> for RewardStateJson {
	fn from(s: pallet_rewards::RewardState<AccountId, Balance>) -> Self {
		Self {
			epoch: s.epoch,
			emission: s.emission,
			pools: s.pools.into(),
			units: s.units.into(),
			split: s.split,
			schedule: ScheduleJson {
				initial_per_epoch: s.schedule.initial_per_epoch,
				halving_interval: s.schedule.halving_interval,
				max_supply: s.schedule.max_supply,
			},
			next_halving: s.next_halving,
			total_minted: s.total_minted,
			total_paid: s.total_paid,
			total_to_treasury: s.total_to_treasury,
			unclaimed: s.unclaimed,
			pot: s.pot,
			treasury: s.treasury,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::AccountId32;

	#[test]
	fn a_device_reply_reads_back_as_it_was_written() {
		let device = DeviceJson {
			device: DeviceKey::P256([2; 33]),
			scheme: Scheme::P256,
			owner: AccountId32::new([7; 32]),
			kind: DeviceKind::LoraHotspot,
			status: DeviceStatus::Suspended,
			sanction: Some(SanctionJson {
				reason: SanctionReason::Relay,
				evidence: H256::repeat_byte(0xab),
				since: 3,
				appeal: Some(AppealJson { appellant: AccountId32::new([8; 32]), deposit: 5 }),
			}),
			challenge: None,
			location: Some(LocationJson {
				cell: 0x8c1fb46624125ff,
				lat: 48.85,
				lng: 2.35,
				gain_dbi_x10: 12,
				elevation_m: -3,
				asserted_at: 9,
			}),
			registered_at: 4,
			bond: 10_000_000_000_000,
			registration_nonce: 1,
			certification: Some(CertificationJson {
				maker: 0,
				key: 1,
				batch: 7,
				serial: 1_001,
				rated_power_w: None,
				compute_class: None,
			}),
			revocation: Some(Revocation::BatchRecalled),
			coverage: CoverageJson {
				last_beacon: Some(5),
				next_beacon: 15,
				last_heartbeat: None,
				open_beacon_reports: None,
			},
		};
		let json = serde_json::to_value(&device).unwrap();
		assert_eq!(json["device"], format!("0x{}", "02".repeat(33)));
		assert_eq!(json["scheme"], "p256");
		assert_eq!(json["kind"], "loraHotspot");
		assert_eq!(json["status"], "suspended");
		assert_eq!(json["bond"], "10000000000000");
		assert_eq!(json["location"]["cell"], "8c1fb46624125ff");
		assert_eq!(json["location"]["gainDbiX10"], 12);
		assert_eq!(json["coverage"]["nextBeacon"], 15);
		assert_eq!(json["certification"]["batch"], 7);
		assert_eq!(json["revocation"], "batchRecalled");
		assert_eq!(json["sanction"]["reason"], "relay");
		assert_eq!(json["sanction"]["evidence"], format!("0x{}", "ab".repeat(32)));
		assert_eq!(json["sanction"]["appeal"]["deposit"], "5");
		assert_eq!(serde_json::from_value::<DeviceJson>(json).unwrap(), device);
	}
}
