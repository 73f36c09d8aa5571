//! Beacon receipts: every beacon and witness rule at its threshold's edge, selection, units,
//! and malformed input.

use super::*;
use crate::{mock::*, *};
use depin_primitives::{
	geo::{self, H3Cell},
	poc::{
		beacon_payload,
		regions::{region_lookup_cells, BandPlan, Region},
		rules::{fspl_x100, hip15_units, PPM},
		Beacon, BeaconReceipt, WitnessMeasurements, WitnessReport,
	},
	signing::DeviceSigner,
	work::{WorkCategory, REWARD_UNIT},
	DeviceKey, DeviceKind, DeviceSignature, SanctionStatus,
};
use depin_test_utils::{charged, measured};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{TransactionSource, TransactionValidityError},
	traits::Authorize,
	BoundedVec,
};
use sp_runtime::DispatchError;

fn beacon_by(beaconer: &Radio, entropy_block: u32) -> Beacon {
	let local_entropy = [7; 16];
	let entropy_hash = block_hash_of(u64::from(entropy_block));
	Beacon {
		entropy_block,
		local_entropy,
		payload: beacon_payload(entropy_hash.as_ref(), &beaconer.key, &local_entropy),
		frequency_khz: FREQUENCY_KHZ,
		tx_power_dbm_x10: TX_POWER_DBM_X10,
	}
}

fn measurements(arrival_us: u32) -> WitnessMeasurements {
	WitnessMeasurements {
		rssi_dbm_x10: WEAK_RSSI,
		snr_db_x10: 55,
		frequency_khz: FREQUENCY_KHZ,
		arrival_us,
	}
}

/// A receipt under construction: the beacon, then reports signed against it.
struct Draft {
	beaconer_key: DeviceKey,
	beacon: Beacon,
	reports: Vec<WitnessReport>,
}

impl Draft {
	fn new(beaconer: &Radio) -> Self {
		Draft {
			beaconer_key: beaconer.key,
			beacon: beacon_by(beaconer, System::block_number() as u32 - 1),
			reports: vec![],
		}
	}

	fn receipt(&self) -> BeaconReceipt {
		BeaconReceipt {
			beaconer: self.beaconer_key,
			beacon: self.beacon,
			witnesses: BoundedVec::truncate_from(self.reports.clone()),
		}
	}

	/// Adds `witness`'s signed report of the beacon.
	fn heard_by(mut self, witness: &Radio, measured: WitnessMeasurements) -> Self {
		let mut report = WitnessReport {
			witness: witness.key,
			measurements: measured,
			signature: DeviceSignature::Ed25519([0; 64]),
		};
		report.signature =
			witness.signer.sign(&Coverage::witness_message_for(&self.receipt(), &report));
		self.reports.push(report);
		self
	}

	fn signed_by(&self, beaconer: &Radio) -> (BeaconReceipt, DeviceSignature) {
		let receipt = self.receipt();
		let signature = beaconer.signer.sign(&Coverage::receipt_message_for(&receipt));
		(receipt, signature)
	}
}

/// Authorizes and dispatches as a device-submitted general transaction would be.
fn submit(
	receipt: BeaconReceipt,
	signature: DeviceSignature,
) -> Result<(), TransactionValidityError> {
	let call =
		Call::<Test>::submit_receipt { receipt: receipt.clone(), signature: signature.clone() };
	call.authorize(TransactionSource::External).expect("authorizable")?;
	Coverage::submit_receipt(authorized(), receipt, signature).expect("dispatched");
	Ok(())
}

/// The verdicts of the last accepted receipt, in report order.
fn verdicts() -> Vec<WitnessVerdict> {
	match last_event() {
		Event::ReceiptAccepted { witnesses, .. } => witnesses.iter().map(|(_, v)| *v).collect(),
		other => panic!("not an accepted receipt: {other:?}"),
	}
}

/// Submits `beaconer`'s receipt with one report of `witness` and returns its verdict.
fn verdict_of(beaconer: &Radio, witness: &Radio, measured: WitnessMeasurements) -> WitnessVerdict {
	let (receipt, signature) = Draft::new(beaconer).heard_by(witness, measured).signed_by(beaconer);
	assert_ok!(submit(receipt, signature));
	verdicts()[0]
}

/// How many distinct region map keys the lookups of `places` read: each place's parents from
/// resolution 4 down to its first mapped one.
fn region_keys_read(places: &[H3Cell]) -> u64 {
	let mut read = std::collections::BTreeSet::new();
	for place in places {
		for key in region_lookup_cells(*place).unwrap() {
			read.insert(key);
			if CellRegions::<Test>::contains_key(key) {
				break;
			}
		}
	}
	read.len() as u64
}

/// Lets `beaconer` beacon again.
fn next_slot() {
	run_to_block(System::block_number() + u64::from(BEACON_INTERVAL));
}

mod beacons {
	use super::*;

	/// Weighed with a record opening per device and a distinct maker record per witness: the
	/// witnesses here are all of the open kind, whose check reads the one entry the
	/// beaconer's read.
	#[test]
	fn refunds_the_record_openings_and_maker_reads_it_did_not_need() {
		new_test_ext().execute_with(|| {
			let first_beaconer = setup();
			let second_beaconer = lora(2, cell(48.8530, 2.3300));
			let witnesses: Vec<Radio> = (0..3).map(|i| lora(10 + i, away(i))).collect();
			let dispatch = |beaconer: &Radio| {
				let draft =
					witnesses.iter().enumerate().fold(Draft::new(beaconer), |draft, (i, w)| {
						draft.heard_by(w, measurements(1_000 * i as u32))
					});
				let (receipt, signature) = draft.signed_by(beaconer);
				let weighed = Coverage::receipt_weight(&receipt);
				let post = Coverage::submit_receipt(authorized(), receipt, signature).unwrap();
				(weighed, post.actual_weight.unwrap())
			};
			let db = <Test as frame_system::Config>::DbWeight::get();
			// Region lookups are weighed at five keys per place; the beaconer's and witnesses'
			// share most of theirs.
			let places: Vec<H3Cell> = witnesses.iter().map(|w| w.cell).collect();
			let unread =
				|beaconer: &Radio| 20 - region_keys_read(&[&places[..], &[beaconer.cell]].concat());
			let (weighed, actual) = dispatch(&first_beaconer);
			assert_eq!(actual, weighed - db.reads(3 + unread(&first_beaconer)));
			// The same witnesses again in the epoch: their records exist already.
			let (weighed, actual) = dispatch(&second_beaconer);
			assert_eq!(actual, weighed - db.reads_writes(3 + 3 + unread(&second_beaconer), 3));
		});
	}

	/// A receipt stuffed with P-256 reports that fail before their signature is checked is
	/// charged what the same Ed25519 reports are: the block space its declared weight held
	/// for their verification is handed back.
	#[test]
	fn p256_witnesses_rejected_before_their_signature_is_checked_are_refunded() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let strangers = |p256: bool| -> Vec<Radio> {
				(0..5u8)
					.map(|i| {
						let signer = if p256 {
							DeviceSigner::p256_from_secret(&[40 + i; 32]).unwrap()
						} else {
							DeviceSigner::ed25519_from_seed(&[40 + i; 32])
						};
						Radio { key: signer.public(), signer, cell: away(i) }
					})
					.collect()
			};
			let charged_for = |witnesses: &[Radio]| {
				let (receipt, signature) = witnesses
					.iter()
					.fold(Draft::new(&beaconer), |draft, w| draft.heard_by(w, measurements(10)))
					.signed_by(&beaconer);
				let declared = Coverage::receipt_weight(&receipt);
				let post = Coverage::submit_receipt(authorized(), receipt, signature).unwrap();
				LastBeacon::<Test>::remove(beaconer.key);
				(declared, post.actual_weight.unwrap())
			};
			let (p256_declared, p256_actual) = charged_for(&strangers(true));
			let (ed25519_declared, ed25519_actual) = charged_for(&strangers(false));
			assert_eq!(
				verdicts(),
				vec![WitnessVerdict::Invalid(WitnessRejection::UnknownWitness); 5]
			);
			assert!(p256_declared.ref_time() > ed25519_declared.ref_time());
			assert_eq!(p256_actual, ed25519_actual);
			// Registered P-256 witnesses are verified, and keep their premium.
			let verified: Vec<Radio> = strangers(true)
				.into_iter()
				.map(|radio| radio_at(radio.signer, DeviceKind::LoraHotspot, radio.cell))
				.collect();
			let (_, verified_actual) = charged_for(&verified);
			assert!(verified_actual.ref_time() > p256_actual.ref_time());
		});
	}

	#[test]
	fn a_valid_receipt_credits_the_beaconer_and_its_witnesses() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witnesses: Vec<Radio> = (0..5).map(|i| lora(10 + i, away(i))).collect();
			let draft =
				witnesses.iter().enumerate().fold(Draft::new(&beaconer), |draft, (i, w)| {
					draft.heard_by(w, measurements(1_000 * i as u32))
				});
			let payload = draft.beacon.payload;
			let (receipt, signature) = draft.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));

			let (beacon_units, witness_units) = hip15_units(5);
			let epoch = CurrentEpoch::<Test>::get();
			assert_eq!(epoch, 2);
			assert_eq!(
				last_event(),
				Event::ReceiptAccepted {
					beaconer: beaconer.key,
					epoch,
					beacon_units,
					witness_units,
					density_scale_ppm: PPM,
					draw_seed: depin_primitives::poc::selection::draw_seed(
						System::parent_hash().as_ref(),
						&payload
					),
					witnesses: BoundedVec::truncate_from(
						witnesses
							.iter()
							.map(|w| (w.key, WitnessVerdict::Selected))
							.collect::<Vec<_>>()
					),
				}
			);
			let credits = Credits::get();
			assert_eq!(credits[0], (epoch, beaconer.key, WorkCategory::Beacon, beacon_units));
			for (credit, witness) in credits[1..].iter().zip(&witnesses) {
				assert_eq!(*credit, (epoch, witness.key, WorkCategory::Witness, witness_units));
			}
			let EpochActivity { units, proofs } = CurrentEpochActivity::<Test>::get();
			assert_eq!((units.beacon, units.witness), (beacon_units, 5 * witness_units));
			assert_eq!(
				proofs,
				ProofCounts { receipts_accepted: 1, witnesses_selected: 5, ..Default::default() }
			);
			assert_eq!(LastBeacon::<Test>::get(beaconer.key), Some(NOW as u32));
		});
	}

	#[test]
	fn a_beacon_without_witnesses_earns_nothing_but_uses_its_slot() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let (receipt, signature) = Draft::new(&beaconer).signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			assert!(verdicts().is_empty());
			assert!(Credits::get().is_empty());
			assert_eq!(LastBeacon::<Test>::get(beaconer.key), Some(NOW as u32));
		});
	}

	#[test]
	fn entropy_must_be_a_recent_past_block() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let max_age = Params::<Test>::get().max_entropy_age;
			// The current block's hash is not known yet.
			let mut draft = Draft::new(&beaconer);
			draft.beacon = beacon_by(&beaconer, NOW as u32);
			let (receipt, signature) = draft.signed_by(&beaconer);
			assert_eq!(submit(receipt, signature), rejected(Error::UnknownEntropy));

			run_to_block(NOW + u64::from(max_age));
			// Exactly `max_entropy_age` blocks old: fresh.
			let mut draft = Draft::new(&beaconer);
			draft.beacon = beacon_by(&beaconer, NOW as u32);
			let (receipt, signature) = draft.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));

			// One block older: stale.
			next_slot();
			let now = System::block_number() as u32;
			let mut draft = Draft::new(&beaconer);
			draft.beacon = beacon_by(&beaconer, now - max_age - 1);
			let (receipt, signature) = draft.signed_by(&beaconer);
			assert_eq!(submit(receipt, signature), rejected(Error::StaleEntropy));
		});
	}

	#[test]
	fn a_payload_not_derived_from_the_entropies_is_refused_in_the_pool() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let mut draft = Draft::new(&beaconer);
			draft.beacon.payload = [0; 32];
			let (receipt, signature) = draft.signed_by(&beaconer);
			assert_eq!(submit(receipt, signature), rejected(Error::PayloadMismatch));
			// Refused before it could take a slot or block space: the beaconer may retry.
			assert_eq!(LastBeacon::<Test>::get(beaconer.key), None);
			let (receipt, signature) = Draft::new(&beaconer).signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
		});
	}

	#[test]
	fn one_beacon_per_interval() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let (receipt, signature) = Draft::new(&beaconer).signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			assert_eq!(
				Coverage::device_coverage(&beaconer.key).next_beacon,
				NOW as u32 + BEACON_INTERVAL
			);

			run_to_block(NOW + u64::from(BEACON_INTERVAL) - 1);
			let beacon_at = |block: u64| {
				let mut draft = Draft::new(&beaconer);
				draft.beacon = beacon_by(&beaconer, block as u32 - 1);
				draft.signed_by(&beaconer)
			};
			let (receipt, signature) = beacon_at(System::block_number());
			assert_eq!(submit(receipt, signature), rejected(Error::BeaconTooSoon));
			run_to_block(NOW + u64::from(BEACON_INTERVAL));
			let (receipt, signature) = beacon_at(System::block_number());
			assert_ok!(submit(receipt, signature));
		});
	}

	#[test]
	fn the_beaconer_must_be_a_registered_active_located_radio_device() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			// Unregistered.
			let stranger = Radio {
				signer: DeviceSigner::ed25519_from_seed(&[99; 32]),
				key: DeviceSigner::ed25519_from_seed(&[99; 32]).public(),
				cell: home(),
			};
			let (receipt, signature) = Draft::new(&stranger).signed_by(&stranger);
			assert_eq!(submit(receipt, signature), rejected(Error::UnknownDevice));
			// A sensor.
			let sensor =
				radio_at(DeviceSigner::ed25519_from_seed(&[98; 32]), DeviceKind::Sensor, home());
			let (receipt, signature) = Draft::new(&sensor).signed_by(&sensor);
			assert_eq!(submit(receipt, signature), rejected(Error::NotARadioDevice));
			// Suspended or denied.
			for status in [SanctionStatus::Suspended, SanctionStatus::Denied] {
				assert_ok!(sanction(beaconer.key, status));
				let (receipt, signature) = Draft::new(&beaconer).signed_by(&beaconer);
				assert_eq!(submit(receipt, signature), rejected(Error::DeviceNotActive));
			}
			// Not located: refused in the pool, so it costs no block space.
			let unlocated = DeviceSigner::ed25519_from_seed(&[97; 32]);
			let key = register(&unlocated, DeviceKind::LoraHotspot);
			let radio = Radio { signer: unlocated, key, cell: home() };
			let (receipt, signature) = Draft::new(&radio).signed_by(&radio);
			assert_eq!(submit(receipt, signature), rejected(Error::BeaconerNotLocated));
			assert_eq!(LastBeacon::<Test>::get(key), None);
		});
	}

	#[test]
	fn the_beaconer_signs_the_whole_receipt() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witness = lora(10, away(0));
			let (mut receipt, signature) =
				Draft::new(&beaconer).heard_by(&witness, measurements(0)).signed_by(&beaconer);
			// A report changed after the beaconer signed.
			receipt.witnesses[0].measurements.rssi_dbm_x10 += 1;
			assert_eq!(submit(receipt.clone(), signature.clone()), rejected(Error::BadSignature));
			// Signed by someone else.
			let forged = witness.signer.sign(&Coverage::receipt_message_for(&receipt));
			assert_eq!(submit(receipt, forged), rejected(Error::BadSignature));
		});
	}

	#[test]
	fn an_invalid_receipt_changes_no_state_and_the_owner_may_submit_a_valid_one() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let (receipt, signature) = Draft::new(&beaconer).signed_by(&beaconer);
			let forged = DeviceSignature::Ed25519([3; 64]);
			assert_noop!(
				Coverage::submit_receipt(RuntimeOrigin::signed(OWNER), receipt.clone(), forged),
				Error::<Test>::BadSignature
			);
			assert_noop!(
				Coverage::submit_receipt(
					RuntimeOrigin::signed(2),
					receipt.clone(),
					signature.clone()
				),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Coverage::submit_receipt(RuntimeOrigin::none(), receipt.clone(), signature.clone()),
				DispatchError::BadOrigin
			);
			assert_ok!(Coverage::submit_receipt(RuntimeOrigin::signed(OWNER), receipt, signature));
			assert_eq!(LastBeacon::<Test>::get(beaconer.key), Some(NOW as u32));
		});
	}

	#[test]
	fn p256_beaconers_and_witnesses_work_the_same() {
		new_test_ext().execute_with(|| {
			run_to_block(NOW);
			let p256 = |seed: u8, at: H3Cell| {
				radio_at(
					DeviceSigner::p256_from_secret(&[seed; 32]).unwrap(),
					DeviceKind::LoraHotspot,
					at,
				)
			};
			let beaconer = p256(1, home());
			let (a, b) = (p256(2, away(0)), lora(3, away(1)));
			let (receipt, signature) = Draft::new(&beaconer)
				.heard_by(&a, measurements(10))
				.heard_by(&b, measurements(20))
				.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			assert_eq!(verdicts(), vec![WitnessVerdict::Selected; 2]);
		});
	}
}

mod witnesses {
	use super::*;
	use WitnessRejection::*;

	fn invalid_for(reason: WitnessRejection) -> WitnessVerdict {
		WitnessVerdict::Invalid(reason)
	}

	#[test]
	fn duplicates_and_self_witnessing() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witness = lora(10, away(0));
			let (receipt, signature) = Draft::new(&beaconer)
				.heard_by(&witness, measurements(10))
				.heard_by(&witness, measurements(20))
				.heard_by(&beaconer, measurements(30))
				.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			assert_eq!(
				verdicts(),
				vec![WitnessVerdict::Selected, invalid_for(Duplicate), invalid_for(SelfWitness)]
			);
			let proofs = CurrentEpochActivity::<Test>::get().proofs;
			assert_eq!((proofs.witnesses_selected, proofs.witnesses_invalid), (1, 2));
		});
	}

	#[test]
	fn unknown_denied_suspended_foreign_kind_and_unlocated_witnesses() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let unknown = DeviceSigner::ed25519_from_seed(&[50; 32]);
			let unknown = Radio { key: unknown.public(), signer: unknown, cell: away(0) };
			let denied = lora(11, away(1));
			assert_ok!(sanction(denied.key, SanctionStatus::Denied));
			let edge = lora(12, away(2));
			assert_ok!(Devices::deny_edge(RuntimeOrigin::root(), beaconer.key, edge.key));
			let suspended = lora(13, away(3));
			assert_ok!(sanction(suspended.key, SanctionStatus::Suspended));
			let wifi = radio_at(
				DeviceSigner::ed25519_from_seed(&[14; 32]),
				DeviceKind::WifiHotspot,
				away(4),
			);
			let sensor =
				radio_at(DeviceSigner::ed25519_from_seed(&[15; 32]), DeviceKind::Sensor, away(5));
			let unlocated_signer = DeviceSigner::ed25519_from_seed(&[16; 32]);
			let unlocated_key = register(&unlocated_signer, DeviceKind::LoraHotspot);
			let unlocated = Radio { signer: unlocated_signer, key: unlocated_key, cell: away(6) };

			let (receipt, signature) =
				[&unknown, &denied, &edge, &suspended, &wifi, &sensor, &unlocated]
					.into_iter()
					.fold(Draft::new(&beaconer), |draft, w| draft.heard_by(w, measurements(10)))
					.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			assert_eq!(
				verdicts(),
				[
					UnknownWitness,
					WitnessDenied,
					EdgeDenied,
					WitnessNotActive,
					KindMismatch,
					KindMismatch,
					WitnessNotLocated
				]
				.map(invalid_for)
			);
			// The edge is directed: the witness may still beacon to the beaconer.
			assert!(pallet_devices::DeniedWitnesses::<Test>::get(edge.key).is_empty());
		});
	}

	#[test]
	fn a_report_not_signed_by_its_witness() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let (honest, other) = (lora(10, away(0)), lora(11, away(1)));
			let mut draft = Draft::new(&beaconer).heard_by(&honest, measurements(10));
			// A report of `honest` signed by `other`, and a report whose measurements changed
			// after signing.
			let mut forged = draft.reports[0].clone();
			forged.signature =
				other.signer.sign(&Coverage::witness_message_for(&draft.receipt(), &forged));
			draft.reports[0].measurements.rssi_dbm_x10 -= 10;
			draft.reports.push(forged);
			let (receipt, signature) = draft.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			assert_eq!(verdicts(), vec![invalid_for(BadSignature), invalid_for(Duplicate)]);

			next_slot();
			let mut draft = Draft::new(&beaconer);
			let mut report = WitnessReport {
				witness: honest.key,
				measurements: measurements(10),
				signature: DeviceSignature::Ed25519([0; 64]),
			};
			report.signature =
				other.signer.sign(&Coverage::witness_message_for(&draft.receipt(), &report));
			draft.reports.push(report);
			let (receipt, signature) = draft.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			assert_eq!(verdicts(), vec![invalid_for(BadSignature)]);
		});
	}

	#[test]
	fn frequency_within_tolerance() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witness = lora(10, away(0));
			let tolerance = Params::<Test>::get().frequency_tolerance_khz;
			for (offset, expected) in [
				(tolerance, WitnessVerdict::Selected),
				(tolerance + 1, invalid_for(FrequencyMismatch)),
			] {
				for frequency in [FREQUENCY_KHZ + offset, FREQUENCY_KHZ - offset] {
					let measured =
						WitnessMeasurements { frequency_khz: frequency, ..measurements(10) };
					assert_eq!(verdict_of(&beaconer, &witness, measured), expected, "{frequency}");
					next_slot();
				}
			}
		});
	}

	#[test]
	fn lateness_after_the_beacon() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witness = lora(10, away(0));
			let params = Params::<Test>::get();
			assert_eq!(
				verdict_of(&beaconer, &witness, measurements(params.max_lateness_us)),
				WitnessVerdict::Selected
			);
			next_slot();
			assert_eq!(
				verdict_of(&beaconer, &witness, measurements(params.max_lateness_us + 1)),
				invalid_for(TooLate)
			);
		});
	}

	#[test]
	fn minimum_grid_distance_between_resolution_11_cells() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			// Walk north until the witness is 7, then 8, resolution-11 steps away.
			let at_steps = |steps: u32| {
				(0..4_000)
					.map(|i| cell(48.8530 + 0.00002 * f64::from(i), 2.3499))
					.find(|c| geo::grid_distance(home(), *c, 11) == Some(steps))
					.expect("a cell at that grid distance")
			};
			let near = lora(10, at_steps(7));
			let far_enough = lora(11, at_steps(8));
			assert_eq!(Params::<Test>::get().min_witness_grid_distance, 8);
			assert_eq!(verdict_of(&beaconer, &near, measurements(10)), invalid_for(TooClose));
			next_slot();
			assert_eq!(
				verdict_of(&beaconer, &far_enough, measurements(10)),
				WitnessVerdict::Selected
			);
			assert!(near.cell != far_enough.cell);
		});
	}

	#[test]
	fn maximum_distance() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witness = lora(10, away(20));
			let distance = geo::distance_m(home(), witness.cell).unwrap();
			set_params(|params| params.max_witness_distance_m = distance);
			assert_eq!(verdict_of(&beaconer, &witness, measurements(10)), WitnessVerdict::Selected);
			next_slot();
			set_params(|params| params.max_witness_distance_m = distance - 1);
			assert_eq!(verdict_of(&beaconer, &witness, measurements(10)), invalid_for(TooFar));
			// The default: 100 km.
			assert_eq!(PocParams::default().max_witness_distance_m, 100_000);
		});
	}

	#[test]
	fn rssi_no_stronger_than_free_space_path_loss_allows() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witness = lora(10, away(0));
			let distance = geo::distance_m(home(), witness.cell).unwrap();
			// tx power + both gains (1.2 dBi each in the mock) − FSPL, in tenths of dB.
			let strongest_x100 =
				10 * i64::from(TX_POWER_DBM_X10 + 12 + 12) - fspl_x100(distance, FREQUENCY_KHZ);
			let strongest = strongest_x100.div_euclid(10) as i16;
			let at = |rssi_dbm_x10| WitnessMeasurements { rssi_dbm_x10, ..measurements(10) };
			assert_eq!(verdict_of(&beaconer, &witness, at(strongest)), WitnessVerdict::Selected);
			next_slot();
			assert_eq!(
				verdict_of(&beaconer, &witness, at(strongest + 1)),
				invalid_for(SignalTooStrong)
			);
			// A margin lets it through.
			next_slot();
			set_params(|params| params.rssi_margin_db_x10 = 1);
			assert_eq!(
				verdict_of(&beaconer, &witness, at(strongest + 1)),
				WitnessVerdict::Selected
			);
		});
	}

	/// 16 valid reports, the first two claiming to have arrived first.
	fn sixteen_reports(beaconer: &Radio, witnesses: &[Radio], early: u32) -> Draft {
		witnesses.iter().enumerate().fold(Draft::new(beaconer), |draft, (i, w)| {
			let arrival = if i < 2 { early } else { 1_000 + i as u32 };
			draft.heard_by(w, measurements(arrival))
		})
	}

	#[test]
	fn the_rewarded_witnesses_are_drawn_and_the_seed_is_in_the_event() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witnesses: Vec<Radio> = (0..16).map(|i| lora(10 + i, away(i))).collect();
			let draft = sixteen_reports(&beaconer, &witnesses, 0);
			let payload = draft.beacon.payload;
			let (receipt, signature) = draft.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			let Event::ReceiptAccepted { witness_units, beacon_units, draw_seed, .. } =
				last_event()
			else {
				unreachable!()
			};
			let expected_seed = depin_primitives::poc::selection::draw_seed(
				System::parent_hash().as_ref(),
				&payload,
			);
			assert_eq!(draw_seed, expected_seed);
			// The documented order: the 14 smallest draw keys are selected.
			let mut order: Vec<usize> = (0..16).collect();
			order.sort_by_key(|i| {
				depin_primitives::poc::selection::draw_key(&draw_seed, &witnesses[*i].key)
			});
			let verdicts = verdicts();
			for (rank, i) in order.iter().enumerate() {
				let expected =
					if rank < 14 { WitnessVerdict::Selected } else { WitnessVerdict::Unselected };
				assert_eq!(verdicts[*i], expected, "witness {i}, drawn {rank}");
			}
			assert_eq!((beacon_units, witness_units), hip15_units(14));
			// Unselected witnesses earn nothing.
			assert_eq!(Credits::get().len(), 1 + 14);
			let proofs = CurrentEpochActivity::<Test>::get().proofs;
			assert_eq!((proofs.witnesses_selected, proofs.witnesses_unselected), (14, 2));
		});
	}

	/// Claiming an early arrival, which helped under first-to-witness selection, changes
	/// nothing: the same reports with honest times are drawn alike.
	#[test]
	fn a_forged_early_arrival_earns_nothing_extra() {
		let drawn = |early: u32| {
			new_test_ext().execute_with(|| {
				let beaconer = setup();
				let witnesses: Vec<Radio> = (0..16).map(|i| lora(10 + i, away(i))).collect();
				let (receipt, signature) =
					sixteen_reports(&beaconer, &witnesses, early).signed_by(&beaconer);
				assert_ok!(submit(receipt, signature));
				verdicts()
			})
		};
		assert_eq!(drawn(0), drawn(1_000));
	}

	#[test]
	fn of_witnesses_in_one_spot_one_is_rewarded() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			// Three radios in one resolution-12 cell, and one far from them.
			let spot: Vec<Radio> = (0..3).map(|i| lora(10 + i, away(4))).collect();
			let lone = lora(20, away(10));
			let (receipt, signature) = spot
				.iter()
				.chain([&lone])
				.fold(Draft::new(&beaconer), |draft, w| draft.heard_by(w, measurements(10)))
				.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			let verdicts = verdicts();
			let in_spot = |wanted| verdicts[..3].iter().filter(|v| **v == wanted).count();
			assert_eq!(in_spot(WitnessVerdict::Selected), 1);
			assert_eq!(in_spot(WitnessVerdict::Redundant), 2);
			assert_eq!(verdicts[3], WitnessVerdict::Selected);
			assert_eq!(CurrentEpochActivity::<Test>::get().proofs.witnesses_redundant, 2);
			let Event::ReceiptAccepted { witness_units, .. } = last_event() else { unreachable!() };
			assert_eq!(witness_units, hip15_units(2).1);
		});
	}

	#[test]
	fn a_farm_beaconer_pays_its_witnesses_at_its_density_scale() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			for seed in 60..64 {
				lora(seed, home());
			}
			let witness = lora(10, away(0));
			let (receipt, signature) =
				Draft::new(&beaconer).heard_by(&witness, measurements(10)).signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			let Event::ReceiptAccepted { beacon_units, witness_units, density_scale_ppm, .. } =
				last_event()
			else {
				unreachable!()
			};
			assert_eq!(density_scale_ppm, PPM / 5);
			assert_eq!((beacon_units, witness_units), (REWARD_UNIT / 4 / 5, REWARD_UNIT / 5));
		});
	}
}

/// Random receipts never panic, and an accepted one touches no more storage than its
/// post-dispatch weight charges (measured, see `depin_test_utils`).
#[test]
fn malformed_receipts_are_rejected_without_panicking() {
	count_database_weights();
	let mut ext = new_test_ext();
	let (beaconer, encoded) = ext.execute_with(|| {
		let beaconer = setup();
		let witnesses: Vec<Radio> = (0..3).map(|i| lora(10 + i, away(i))).collect();
		let (valid, signature) = witnesses
			.iter()
			.fold(Draft::new(&beaconer), |draft, w| draft.heard_by(w, measurements(10)))
			.signed_by(&beaconer);
		(beaconer.key, codec::Encode::encode(&(valid, signature)))
	});
	let mut state = 0x2545_f491_4f6c_dd1du64;
	let mut next = move || {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		state
	};
	let mut decoded = 0;
	for round in 0..2_000 {
		let mut bytes = encoded.clone();
		// The unmutated receipt first, so that at least one is accepted and measured.
		if round > 0 {
			for _ in 0..1 + next() % 4 {
				let at = (next() % bytes.len() as u64) as usize;
				bytes[at] = next() as u8;
			}
			if round % 10 == 0 {
				bytes.truncate((next() % bytes.len() as u64) as usize);
			}
		}
		let Ok((receipt, signature)) =
			<(BeaconReceipt, DeviceSignature) as codec::Decode>::decode(&mut &bytes[..])
		else {
			continue;
		};
		decoded += 1;
		let call =
			Call::<Test>::submit_receipt { receipt: receipt.clone(), signature: signature.clone() };
		if !ext.execute_with(|| matches!(call.authorize(TransactionSource::External), Some(Ok(_))))
		{
			continue;
		}
		let (post, used) = measured::<AllPalletsWithSystem, _>(&mut ext, || {
			Coverage::submit_receipt(authorized(), receipt, signature).expect("dispatch")
		});
		let actual = post.actual_weight.unwrap();
		assert!(used.within(&charged(actual)), "round {round}: {used:?} > {:?}", charged(actual));
		// Let the next valid one have a free slot.
		ext.execute_with(|| LastBeacon::<Test>::remove(beaconer));
	}
	assert!(decoded > 500, "{decoded} mutations decoded");
}

/// Receipts of 0 to 25 witnesses, Ed25519 and P-256, pay for the storage they touch, also when
/// their witnesses' work records exist already and the dispatch refunds their openings.
#[test]
fn a_receipt_pays_for_the_storage_it_touches() {
	count_database_weights();
	let mut ext = new_test_ext();
	let counts = [0u8, 1, 5, 14, 25, 25];
	let (beaconers, witnesses) = ext.execute_with(|| {
		run_to_block(NOW);
		let beaconers: Vec<Radio> = (0..counts.len() as u8)
			.map(|b| lora(100 + b, cell(48.8530, 2.3499 + 0.02 * f64::from(b))))
			.collect();
		let witnesses: Vec<Radio> = (0..25)
			.map(|i| match i % 2 {
				0 => lora(10 + i, away(i)),
				_ => radio_at(
					DeviceSigner::p256_from_secret(&[10 + i; 32]).unwrap(),
					DeviceKind::LoraHotspot,
					away(i),
				),
			})
			.collect();
		(beaconers, witnesses)
	});
	for (beaconer, count) in beaconers.iter().zip(counts) {
		let (receipt, signature) = ext.execute_with(|| {
			witnesses
				.iter()
				.take(count.into())
				.enumerate()
				.fold(Draft::new(beaconer), |draft, (i, w)| {
					draft.heard_by(w, measurements(100 * i as u32))
				})
				.signed_by(beaconer)
		});
		let (post, used) = measured::<AllPalletsWithSystem, _>(&mut ext, || {
			Coverage::submit_receipt(authorized(), receipt, signature).expect("dispatch")
		});
		let weighed = charged(post.actual_weight.unwrap());
		assert!(used.within(&weighed), "{count} witnesses: {used:?} > {weighed:?}");
		assert!(used.reads > 0 && used.writes > 0, "{count} witnesses: {used:?}");
	}
	ext.execute_with(|| {
		let Event::ReceiptAccepted { witnesses, .. } = last_event() else { unreachable!() };
		assert_eq!(witnesses.len(), 25);
	});
}

#[test]
fn root_sets_valid_parameters_only() {
	new_test_ext().execute_with(|| {
		let params = PocParams { max_rewarded_witnesses: 10, ..Default::default() };
		assert_noop!(
			Coverage::set_poc_params(RuntimeOrigin::signed(1), params),
			DispatchError::BadOrigin
		);
		for (bad, error) in [
			(
				PocParams { max_rewarded_witnesses: 0, ..params },
				Error::<Test>::RewardedWitnessesOutOfRange,
			),
			(
				PocParams { max_rewarded_witnesses: 26, ..params },
				Error::<Test>::RewardedWitnessesOutOfRange,
			),
			(PocParams { max_entropy_age: 0, ..params }, Error::<Test>::EntropyAgeOutOfRange),
			(PocParams { max_entropy_age: 250, ..params }, Error::<Test>::EntropyAgeOutOfRange),
			// A receipt's entropy must be stale before its beaconer's slot frees, or the same
			// signed receipt could be submitted again.
			(
				PocParams { beacon_interval: 0, ..params },
				Error::<Test>::BeaconIntervalWithinEntropyAge,
			),
			(
				PocParams { beacon_interval: 30, max_entropy_age: 30, ..params },
				Error::<Test>::BeaconIntervalWithinEntropyAge,
			),
		] {
			assert_noop!(Coverage::set_poc_params(RuntimeOrigin::root(), bad), error);
		}
		assert_ok!(Coverage::set_poc_params(RuntimeOrigin::root(), params));
		assert_eq!(last_event(), Event::PocParamsChanged { params });
		assert_eq!(Params::<Test>::get(), params);
	});
}

/// The maker's revocations invalidate proofs at authorization, without touching the devices.
mod revocations {
	use super::*;
	use depin_primitives::maker::Revocation;

	fn certified_lora(seed: u8, at: H3Cell, batch: u32) -> Radio {
		let signer = DeviceSigner::ed25519_from_seed(&[seed; 32]);
		let key = register_certified(&signer, DeviceKind::LoraHotspot, batch);
		assert_ok!(Devices::assert_location(RuntimeOrigin::signed(OWNER), key, at, 12, 5));
		Radio { signer, key, cell: at }
	}

	fn set_maker(status: pallet_makers::MakerStatus) {
		assert_ok!(Makers::set_maker_status(RuntimeOrigin::root(), 0, status));
	}

	#[test]
	fn a_revoked_beaconer_is_refused_with_the_revocation_named() {
		new_test_ext().execute_with(|| {
			run_to_block(NOW);
			let beaconer = certified_lora(1, home(), 5);
			let receipt = || Draft::new(&beaconer).signed_by(&beaconer);

			set_maker(pallet_makers::MakerStatus::Revoked);
			let (r, s) = receipt();
			assert_eq!(submit(r, s), rejected(Error::MakerRevoked));
			set_maker(pallet_makers::MakerStatus::Active);

			let key = maker_key().public();
			assert_ok!(Makers::revoke_maker_key(RuntimeOrigin::signed(MAKER), 0, key));
			let (r, s) = receipt();
			assert_eq!(submit(r, s), rejected(Error::MakerKeyRevoked));
			assert_ok!(Makers::reinstate_maker_key(RuntimeOrigin::root(), 0, key));

			assert_ok!(Makers::recall_batch(RuntimeOrigin::signed(MAKER), 0, 5));
			let (r, s) = receipt();
			assert_eq!(submit(r, s), rejected(Error::BatchRecalled));
			// Signed by the owner, the same: an error, and nothing changes.
			let (r, s) = receipt();
			assert_noop!(
				Coverage::submit_receipt(RuntimeOrigin::signed(OWNER), r, s),
				Error::<Test>::BatchRecalled
			);
			assert_ok!(Makers::restore_batch(RuntimeOrigin::signed(MAKER), 0, 5));

			// An uncertified device once its kind closes.
			let open = lora(2, away(3));
			pallet_makers::OpenKinds::<Test>::kill();
			let (r, s) = Draft::new(&open).signed_by(&open);
			assert_eq!(submit(r, s), rejected(Error::Uncertified));

			// Reinstated, the certified beaconer beacons again.
			let (r, s) = receipt();
			assert_ok!(submit(r, s));
		});
	}

	#[test]
	fn a_revoked_witness_is_invalid_with_the_revocation_named() {
		new_test_ext().execute_with(|| {
			run_to_block(NOW);
			let beaconer = certified_lora(1, home(), 1);
			let recalled = certified_lora(10, away(0), 2);
			let valid = certified_lora(11, away(1), 1);
			assert_ok!(Makers::recall_batch(RuntimeOrigin::signed(MAKER), 0, 2));
			let (receipt, signature) = Draft::new(&beaconer)
				.heard_by(&recalled, measurements(10))
				.heard_by(&valid, measurements(20))
				.signed_by(&beaconer);
			assert_ok!(submit(receipt, signature));
			assert_eq!(
				verdicts(),
				vec![
					WitnessVerdict::Invalid(WitnessRejection::WitnessRevoked(
						Revocation::BatchRecalled
					)),
					WitnessVerdict::Selected,
				]
			);
		});
	}
}

/// The region plan: a beacon keeps to its region's band plan, witnesses are in its region and
/// report receivable signals, and `AdminOrigin` keeps the map and the plans.
mod region_plan {
	use super::*;
	use WitnessRejection::*;

	fn invalid_for(reason: WitnessRejection) -> WitnessVerdict {
		WitnessVerdict::Invalid(reason)
	}

	fn beacon_on(
		beaconer: &Radio,
		frequency_khz: u32,
		tx_power_dbm_x10: i16,
	) -> Result<(), TransactionValidityError> {
		let mut draft = Draft::new(beaconer);
		draft.beacon.frequency_khz = frequency_khz;
		draft.beacon.tx_power_dbm_x10 = tx_power_dbm_x10;
		let (receipt, signature) = draft.signed_by(beaconer);
		submit(receipt, signature)
	}

	fn map(changes: Vec<(H3Cell, Option<Region>)>) {
		assert_ok!(Coverage::set_cell_regions(
			RuntimeOrigin::root(),
			BoundedVec::truncate_from(changes)
		));
	}

	#[test]
	fn a_beacon_is_on_a_channel_of_its_region_within_its_eirp() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			// 1 kHz would make free-space loss negative; 868.0 MHz is no EU868 beacon channel.
			for frequency in [1, 868_000, 903_900] {
				assert_eq!(
					beacon_on(&beaconer, frequency, 140),
					rejected(Error::FrequencyNotAChannel)
				);
			}
			// EU868 allows 16.1 dBm EIRP; the antenna gives 1.2 dBi.
			assert_eq!(beacon_on(&beaconer, 868_100, 150), rejected(Error::AboveMaxEirp));
			assert_eq!(beacon_on(&beaconer, 868_100, i16::MAX), rejected(Error::AboveMaxEirp));
			assert_eq!(LastBeacon::<Test>::get(beaconer.key), None);
			assert_ok!(beacon_on(&beaconer, 867_100, 149));
		});
	}

	#[test]
	fn a_beaconer_outside_the_plan_or_without_a_band_plan_is_refused() {
		new_test_ext().execute_with(|| {
			run_to_block(NOW);
			let new_york = lora(2, cell(40.7128, -74.0060));
			assert_eq!(beacon_on(&new_york, 903_900, 140), rejected(Error::OutsideRegionPlan));
			// Mapped to US915, it beacons on US915's channels.
			map(vec![(geo::parent(new_york.cell, 0).unwrap(), Some(Region::Us915))]);
			assert_eq!(beacon_on(&new_york, 868_100, 140), rejected(Error::FrequencyNotAChannel));
			assert_ok!(beacon_on(&new_york, 903_900, 300));

			let beaconer = lora(1, home());
			assert_ok!(Coverage::set_band_plan(
				RuntimeOrigin::root(),
				Region::Eu868,
				DeviceKind::LoraHotspot,
				None
			));
			assert_eq!(beacon_on(&beaconer, 868_100, 140), rejected(Error::NoBandPlan));
		});
	}

	#[test]
	fn a_witness_outside_the_beaconers_region_is_invalid() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			// The nearest witness in another resolution-4 cell than the beaconer.
			let home_cell = geo::parent(home(), 4).unwrap();
			let i = (0..25).find(|i| geo::parent(away(*i), 4) != Some(home_cell)).unwrap();
			let witness = lora(10, away(i));
			// The finest mapped parent wins: the witness's resolution-4 cell becomes RU864.
			let witness_cell = geo::parent(witness.cell, 4).unwrap();
			map(vec![(witness_cell, Some(Region::Ru864))]);
			assert_eq!(
				verdict_of(&beaconer, &witness, measurements(10)),
				invalid_for(OutsideRegion)
			);
			next_slot();
			// Unmapped again, it is in EU868 with the beaconer.
			map(vec![(witness_cell, None)]);
			assert_eq!(verdict_of(&beaconer, &witness, measurements(10)), WitnessVerdict::Selected);
		});
	}

	#[test]
	fn rssi_and_snr_must_be_receivable() {
		new_test_ext().execute_with(|| {
			let beaconer = setup();
			let witness = lora(10, away(3));
			let with = |rssi_dbm_x10, snr_db_x10| WitnessMeasurements {
				rssi_dbm_x10,
				snr_db_x10,
				..measurements(10)
			};
			for (measured, verdict) in [
				(with(-1_501, 0), invalid_for(RssiBelowSensitivity)),
				(with(i16::MIN, 0), invalid_for(RssiBelowSensitivity)),
				(with(-1_500, -201), invalid_for(SnrOutOfRange)),
				(with(-1_500, 201), invalid_for(SnrOutOfRange)),
				(with(-1_500, -200), WitnessVerdict::Selected),
				(with(-1_200, 200), WitnessVerdict::Selected),
			] {
				assert_eq!(verdict_of(&beaconer, &witness, measured), verdict, "{measured:?}");
				next_slot();
			}
		});
	}

	#[test]
	fn admin_keeps_the_region_map() {
		new_test_ext().execute_with(|| {
			let paris_res4 = geo::parent(home(), 4).unwrap();
			let changes = BoundedVec::truncate_from(vec![(paris_res4, Some(Region::Ru864))]);
			assert_noop!(
				Coverage::set_cell_regions(RuntimeOrigin::signed(OWNER), changes.clone()),
				DispatchError::BadOrigin
			);
			// A cell finer than resolution 4, or no cell at all, is refused with the whole call.
			for bad in [geo::parent(home(), 5).unwrap(), u64::MAX] {
				let with_bad =
					BoundedVec::truncate_from(vec![(paris_res4, Some(Region::Ru864)), (bad, None)]);
				assert_noop!(
					Coverage::set_cell_regions(RuntimeOrigin::root(), with_bad),
					Error::<Test>::NotARegionCell
				);
			}
			assert_ok!(Coverage::set_cell_regions(RuntimeOrigin::root(), changes.clone()));
			assert_eq!(CellRegions::<Test>::get(paris_res4), Some(Region::Ru864));
			assert_eq!(last_event(), Event::CellRegionsChanged { changes });
			map(vec![(paris_res4, None)]);
			assert_eq!(CellRegions::<Test>::get(paris_res4), None);
			assert_eq!(CellRegions::<Test>::get(test_region_cell()), Some(Region::Eu868));
		});
	}

	#[test]
	fn admin_keeps_the_band_plans() {
		new_test_ext().execute_with(|| {
			let plan = |channels: Vec<u32>| BandPlan {
				channels_khz: BoundedVec::truncate_from(channels),
				max_eirp_dbm_x10: 200,
			};
			let set =
				|origin, kind, plan| Coverage::set_band_plan(origin, Region::Eu868, kind, plan);
			let good = Some(plan(vec![868_100, 868_300]));
			assert_noop!(
				set(RuntimeOrigin::signed(OWNER), DeviceKind::LoraHotspot, good.clone()),
				DispatchError::BadOrigin
			);
			assert_noop!(
				set(RuntimeOrigin::root(), DeviceKind::Sensor, good.clone()),
				Error::<Test>::NotARadioKind
			);
			for bad in [vec![], vec![868_300, 868_100], vec![868_100, 868_100]] {
				assert_noop!(
					set(RuntimeOrigin::root(), DeviceKind::LoraHotspot, Some(plan(bad))),
					Error::<Test>::MalformedBandPlan
				);
			}
			// Genesis holds Helium's LoRa plans and none for other kinds.
			assert_eq!(
				BandPlans::<Test>::get(Region::Eu868, DeviceKind::LoraHotspot),
				Some(Region::Eu868.helium_lora_plan())
			);
			assert_eq!(BandPlans::<Test>::get(Region::Eu868, DeviceKind::WifiHotspot), None);
			assert_ok!(set(RuntimeOrigin::root(), DeviceKind::WifiHotspot, good.clone()));
			assert_eq!(BandPlans::<Test>::get(Region::Eu868, DeviceKind::WifiHotspot), good);
			assert_eq!(
				last_event(),
				Event::BandPlanChanged {
					region: Region::Eu868,
					kind: DeviceKind::WifiHotspot,
					plan: good
				}
			);
		});
	}
}
