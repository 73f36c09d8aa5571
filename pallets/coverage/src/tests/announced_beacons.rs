//! Announced beacons: the announcement's rules, witnesses' reports relayed by anyone, the
//! report and reveal windows, commitments, the draw, and what an unrevealed beacon earns.

use super::*;
use crate::*;
use depin_primitives::poc::{
	beacon_payload, payload_seal, reception_commitment, rules::hip15_units, selection::draw_seed,
	BeaconAnnouncement, Report, SignedReport, MAX_REPORTS_PER_BEACON,
};
use depin_test_utils::{charged, measured};
use frame_support::{
	assert_noop,
	dispatch::GetDispatchInfo,
	pallet_prelude::{TransactionSource, TransactionValidityError},
	traits::Authorize,
	traits::UnfilteredDispatchable,
	BoundedVec,
};
use sp_runtime::DispatchError;

/// The beaconer's secret: it derives the payload with the entropy block's hash.
const LOCAL_ENTROPY: [u8; 16] = [9; 16];

/// The payload `beaconer` transmits with entropy from `entropy_block` and `local_entropy`.
fn payload_of(beaconer: &Radio, entropy_block: u32, local_entropy: &[u8; 16]) -> [u8; 32] {
	let entropy_hash = block_hash_of(u64::from(entropy_block));
	beacon_payload(entropy_hash.as_ref(), &beaconer.key, local_entropy)
}

/// `beaconer`'s announcement now, with entropy from the previous block.
fn announcement_by(beaconer: &Radio) -> BeaconAnnouncement {
	let entropy_block = System::block_number() as u32 - 1;
	BeaconAnnouncement {
		beaconer: beaconer.key,
		entropy_block,
		seal: payload_seal(&payload_of(beaconer, entropy_block, &LOCAL_ENTROPY)),
		frequency_khz: FREQUENCY_KHZ,
		tx_power_dbm_x10: TX_POWER_DBM_X10,
	}
}

/// Authorizes and dispatches `call` as a general transaction would be.
fn general(call: Call<Test>) -> Result<(), TransactionValidityError> {
	call.authorize(TransactionSource::External).expect("authorizable")?;
	let origin = authorized();
	let result = match call {
		Call::announce_beacon { announcement, signature } => {
			Coverage::announce_beacon(origin, announcement, signature)
		},
		Call::submit_reports { reports } => Coverage::submit_reports(origin, reports),
		Call::reveal_beacon { beaconer, local_entropy, reports } => {
			Coverage::reveal_beacon(origin, beaconer, local_entropy, reports)
		},
		_ => unreachable!("not a call of this flow"),
	};
	result.expect("an authorized call dispatches");
	Ok(())
}

/// Announces `announcement`, signed by `beaconer`.
fn announce_as(
	beaconer: &Radio,
	announcement: BeaconAnnouncement,
) -> Result<(), TransactionValidityError> {
	let signature = beaconer.signer.sign(&Coverage::announce_message_for(&announcement));
	general(Call::announce_beacon { announcement, signature })
}

/// Announces `beaconer`'s beacon now: the block it was announced in, and its payload.
fn announce(beaconer: &Radio) -> (u32, [u8; 32]) {
	assert_ok!(announce_as(beaconer, announcement_by(beaconer)));
	let announced_at = System::block_number() as u32;
	(announced_at, payload_of(beaconer, announced_at - 1, &LOCAL_ENTROPY))
}

/// `witness`'s signed report of `beaconer`'s beacon announced at `announced_at`, committed to
/// `payload`.
fn report(
	beaconer: &Radio,
	announced_at: u32,
	witness: &Radio,
	payload: &[u8; 32],
) -> SignedReport {
	signed(
		witness,
		Report {
			beaconer: beaconer.key,
			announced_at,
			witness: witness.key,
			commitment: reception_commitment(payload, &witness.key),
			rssi_dbm_x10: WEAK_RSSI,
			snr_db_x10: 55,
			frequency_khz: FREQUENCY_KHZ,
		},
	)
}

fn signed(witness: &Radio, report: Report) -> SignedReport {
	SignedReport { report, signature: witness.signer.sign(&Coverage::report_message_for(&report)) }
}

/// Relays `reports` in one fee-less batch.
fn relay(reports: Vec<SignedReport>) -> Result<(), TransactionValidityError> {
	general(Call::submit_reports { reports: BoundedVec::truncate_from(reports) })
}

fn reveal(
	beaconer: &Radio,
	local_entropy: [u8; 16],
	reports: u32,
) -> Result<(), TransactionValidityError> {
	general(Call::reveal_beacon { beaconer: beaconer.key, local_entropy, reports })
}

/// The verdicts of the last revealed beacon, by witness.
fn revealed() -> Vec<(DeviceKey, WitnessVerdict)> {
	match last_event() {
		Event::BeaconRevealed { witnesses, .. } => witnesses.into_inner(),
		other => panic!("not a revealed beacon: {other:?}"),
	}
}

fn verdict_of(verdicts: &[(DeviceKey, WitnessVerdict)], witness: &Radio) -> WitnessVerdict {
	verdicts.iter().find(|(key, _)| *key == witness.key).expect("judged").1
}

/// The block in which `announced_at`'s beacon may first be revealed.
fn reveal_block(announced_at: u32) -> u64 {
	u64::from(announced_at + REPORT_WINDOW + 1)
}

#[test]
fn witnesses_report_for_themselves_and_the_reveal_checks_every_commitment() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let (near, far, deaf) = (lora(10, away(0)), lora(11, away(3)), lora(12, away(6)));
		let (announced_at, payload) = announce(&beaconer);
		assert_eq!(
			last_event(),
			Event::BeaconAnnounced {
				beaconer: beaconer.key,
				announced_at,
				seal: payload_seal(&payload)
			}
		);
		// The device that heard nothing can only guess the payload.
		run_to_block(u64::from(announced_at + 1));
		assert_ok!(relay(vec![
			report(&beaconer, announced_at, &near, &payload),
			report(&beaconer, announced_at, &deaf, &[0; 32]),
		]));
		assert_eq!(last_event(), Event::ReportsAccepted { reports: 2 });
		run_to_block(u64::from(announced_at + REPORT_WINDOW));
		assert_ok!(relay(vec![report(&beaconer, announced_at, &far, &payload)]));
		assert_eq!(OpenBeacons::<Test>::get(beaconer.key).unwrap().reports, 3);

		run_to_block(reveal_block(announced_at));
		assert_ok!(reveal(&beaconer, LOCAL_ENTROPY, 3));
		let Event::BeaconRevealed { beacon_units, witness_units, draw_seed: seed, .. } =
			last_event()
		else {
			panic!("not revealed")
		};
		let window_end = u64::from(announced_at + REPORT_WINDOW);
		assert_eq!(seed, draw_seed(block_hash_of(window_end).as_ref(), &payload));
		let verdicts = revealed();
		assert_eq!(verdict_of(&verdicts, &near), WitnessVerdict::Selected);
		assert_eq!(verdict_of(&verdicts, &far), WitnessVerdict::Selected);
		assert_eq!(
			verdict_of(&verdicts, &deaf),
			WitnessVerdict::Invalid(WitnessRejection::CommitmentMismatch)
		);
		let (beacon_hip15, witness_hip15) = hip15_units(2);
		assert!(beacon_units > 0 && beacon_units <= beacon_hip15);
		assert!(witness_units > 0 && witness_units <= witness_hip15);
		let proofs = CurrentEpochActivity::<Test>::get().proofs;
		assert_eq!((proofs.receipts_accepted, proofs.witnesses_selected), (1, 2));
		assert_eq!(proofs.witnesses_invalid, 1);
		let credited: Vec<DeviceKey> = Credits::get().iter().map(|credit| credit.1).collect();
		assert_eq!(credited.len(), 3);
		assert!(!credited.contains(&deaf.key));
		assert!(OpenBeacons::<Test>::get(beaconer.key).is_none());
		assert_eq!(BeaconReports::<Test>::iter_prefix(beaconer.key).count(), 0);
		// Revealed once.
		assert_eq!(reveal(&beaconer, LOCAL_ENTROPY, 3), rejected(Error::BeaconNotOpen));
	});
}

#[test]
fn a_copied_commitment_proves_nothing() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let (honest, copier) = (lora(10, away(0)), lora(11, away(3)));
		let (announced_at, payload) = announce(&beaconer);
		let honest_report = report(&beaconer, announced_at, &honest, &payload);
		let copied = signed(&copier, Report { witness: copier.key, ..honest_report.report });
		assert_ok!(relay(vec![honest_report, copied]));
		run_to_block(reveal_block(announced_at));
		assert_ok!(reveal(&beaconer, LOCAL_ENTROPY, 2));
		let verdicts = revealed();
		assert_eq!(verdict_of(&verdicts, &honest), WitnessVerdict::Selected);
		assert_eq!(
			verdict_of(&verdicts, &copier),
			WitnessVerdict::Invalid(WitnessRejection::CommitmentMismatch)
		);
	});
}

/// Under load the pool takes a reveal before reports and reports before a new announcement.
#[test]
fn the_pool_settles_open_beacons_before_it_opens_new_ones() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let witness = lora(10, away(0));
		let priority = |call: Call<Test>| {
			let (validity, _) =
				call.authorize(TransactionSource::External).expect("authorizable").expect("valid");
			validity.priority
		};
		let announcement = announcement_by(&beaconer);
		let signature = beaconer.signer.sign(&Coverage::announce_message_for(&announcement));
		let announcing = priority(Call::announce_beacon { announcement, signature });
		let (announced_at, payload) = announce(&beaconer);
		let reports =
			BoundedVec::truncate_from(vec![report(&beaconer, announced_at, &witness, &payload)]);
		let reporting = priority(Call::submit_reports { reports: reports.clone() });
		assert_ok!(general(Call::submit_reports { reports }));
		run_to_block(reveal_block(announced_at));
		let revealing = priority(Call::reveal_beacon {
			beaconer: beaconer.key,
			local_entropy: LOCAL_ENTROPY,
			reports: 1,
		});
		assert!(announcing < reporting && reporting < revealing);
	});
}

#[test]
fn reports_and_reveals_count_only_within_their_windows() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let witness = lora(10, away(0));
		let (announced_at, payload) = announce(&beaconer);
		let late = report(&beaconer, announced_at, &witness, &payload);
		assert_eq!(reveal(&beaconer, LOCAL_ENTROPY, 0), rejected(Error::ReportWindowOpen));
		run_to_block(u64::from(announced_at + REPORT_WINDOW));
		assert_eq!(reveal(&beaconer, LOCAL_ENTROPY, 0), rejected(Error::ReportWindowOpen));
		run_to_block(reveal_block(announced_at));
		assert_eq!(relay(vec![late]), rejected(Error::ReportWindowClosed));
		run_to_block(reveal_block(announced_at) + u64::from(REVEAL_WINDOW));
		assert_eq!(reveal(&beaconer, LOCAL_ENTROPY, 0), rejected(Error::RevealWindowClosed));
		// A report for a block with no announcement names no open beacon.
		let elsewhere = report(&beaconer, announced_at + 1, &witness, &payload);
		assert_eq!(relay(vec![elsewhere]), rejected(Error::BeaconNotOpen));
	});
}

#[test]
fn an_unrevealed_beacon_earns_nothing_and_keeps_its_slot() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let witness = lora(10, away(0));
		let (announced_at, payload) = announce(&beaconer);
		assert_ok!(relay(vec![report(&beaconer, announced_at, &witness, &payload)]));
		run_to_block(u64::from(announced_at + BEACON_INTERVAL - 1));
		assert_eq!(
			announce_as(&beaconer, announcement_by(&beaconer)),
			rejected(Error::BeaconTooSoon)
		);
		run_to_block(u64::from(announced_at + BEACON_INTERVAL));
		let (next, _) = announce(&beaconer);
		assert_eq!(BeaconReports::<Test>::iter_prefix(beaconer.key).count(), 0);
		assert_eq!(OpenBeacons::<Test>::get(beaconer.key).unwrap().reports, 0);
		assert!(Credits::get().is_empty());
		// The old beacon's reports name a beacon that is no longer open.
		let old = report(&beaconer, announced_at, &lora(11, away(3)), &payload);
		assert_eq!(relay(vec![old]), rejected(Error::BeaconNotOpen));
		assert_eq!(LastBeacon::<Test>::get(beaconer.key), Some(next));
	});
}

#[test]
fn the_reveal_must_derive_the_sealed_payload_and_count_every_report() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let witness = lora(10, away(0));
		let (announced_at, payload) = announce(&beaconer);
		assert_ok!(relay(vec![report(&beaconer, announced_at, &witness, &payload)]));
		run_to_block(reveal_block(announced_at));
		assert_eq!(reveal(&beaconer, [8; 16], 1), rejected(Error::SealMismatch));
		// The count bounds the reveal's weight: it must be the true one.
		assert_eq!(reveal(&beaconer, LOCAL_ENTROPY, 0), rejected(Error::WrongReportCount));
		assert_noop!(
			Coverage::reveal_beacon(RuntimeOrigin::signed(OWNER), beaconer.key, LOCAL_ENTROPY, 2),
			Error::<Test>::WrongReportCount
		);
		assert_eq!(OpenBeacons::<Test>::get(beaconer.key).unwrap().reports, 1);
		// Anyone who knows the entropy may reveal, in a signed transaction too.
		assert_ok!(Coverage::reveal_beacon(
			RuntimeOrigin::signed(2),
			beaconer.key,
			LOCAL_ENTROPY,
			1
		));
		assert_eq!(revealed(), vec![(witness.key, WitnessVerdict::Selected)]);
	});
}

#[test]
fn a_batch_is_all_or_nothing_and_a_witness_reports_a_beacon_once() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let (first, second) = (lora(10, away(0)), lora(11, away(3)));
		let (announced_at, payload) = announce(&beaconer);
		let good = report(&beaconer, announced_at, &first, &payload);
		let mut forged = report(&beaconer, announced_at, &second, &payload);
		forged.report.rssi_dbm_x10 -= 10;
		assert_eq!(relay(vec![good.clone(), forged]), rejected(Error::BadSignature));
		assert_eq!(relay(vec![good.clone(), good.clone()]), rejected(Error::AlreadyReported));
		assert_eq!(OpenBeacons::<Test>::get(beaconer.key).unwrap().reports, 0);
		assert_ok!(relay(vec![good.clone()]));
		assert_eq!(relay(vec![good]), rejected(Error::AlreadyReported));
		// Only fee-less: a signed batch is refused.
		let second_report = report(&beaconer, announced_at, &second, &payload);
		assert_noop!(
			Coverage::submit_reports(
				RuntimeOrigin::signed(OWNER),
				BoundedVec::truncate_from(vec![second_report])
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn reports_are_refused_in_the_pool_by_the_witness_rules() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let (announced_at, payload) = announce(&beaconer);
		let witness = lora(10, away(0));
		let with = |change: fn(&mut Report)| {
			let mut signed_report = report(&beaconer, announced_at, &witness, &payload);
			change(&mut signed_report.report);
			relay(vec![signed(&witness, signed_report.report)])
		};
		assert_eq!(with(|r| r.rssi_dbm_x10 = -1_501), rejected(Error::RssiBelowSensitivity));
		assert_eq!(with(|r| r.snr_db_x10 = 201), rejected(Error::SnrOutOfRange));
		assert_eq!(with(|r| r.rssi_dbm_x10 = -300), rejected(Error::SignalTooStrong));
		assert_eq!(with(|r| r.frequency_khz += 101), rejected(Error::FrequencyMismatch));
		let own = report(&beaconer, announced_at, &beaconer, &payload);
		assert_eq!(relay(vec![own]), rejected(Error::SelfWitness));
		let outside = lora(11, cell(40.7128, -74.0060));
		let report_outside = report(&beaconer, announced_at, &outside, &payload);
		assert_eq!(relay(vec![report_outside]), rejected(Error::OutsideRegion));
		let sensor =
			radio_at(DeviceSigner::ed25519_from_seed(&[12; 32]), DeviceKind::Sensor, away(3));
		let report_sensor = report(&beaconer, announced_at, &sensor, &payload);
		assert_eq!(relay(vec![report_sensor]), rejected(Error::KindMismatch));
		let unregistered = Radio {
			signer: DeviceSigner::ed25519_from_seed(&[13; 32]),
			key: DeviceSigner::ed25519_from_seed(&[13; 32]).public(),
			cell: away(4),
		};
		let report_unknown = report(&beaconer, announced_at, &unregistered, &payload);
		assert_eq!(relay(vec![report_unknown]), rejected(Error::UnknownDevice));
		let next_door = lora(14, home());
		let report_close = report(&beaconer, announced_at, &next_door, &payload);
		assert_eq!(relay(vec![report_close]), rejected(Error::TooClose));
		assert_eq!(OpenBeacons::<Test>::get(beaconer.key).unwrap().reports, 0);
	});
}

#[test]
fn an_announcement_keeps_to_the_beacon_rules_and_cannot_be_replayed() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let off_channel =
			BeaconAnnouncement { frequency_khz: 868_000, ..announcement_by(&beaconer) };
		assert_eq!(announce_as(&beaconer, off_channel), rejected(Error::FrequencyNotAChannel));
		let loud = BeaconAnnouncement { tx_power_dbm_x10: 150, ..announcement_by(&beaconer) };
		assert_eq!(announce_as(&beaconer, loud), rejected(Error::AboveMaxEirp));
		let stale = BeaconAnnouncement {
			entropy_block: System::block_number() as u32 - 1 - MAX_ENTROPY_AGE,
			..announcement_by(&beaconer)
		};
		assert_eq!(announce_as(&beaconer, stale), rejected(Error::StaleEntropy));
		let announcement = announcement_by(&beaconer);
		let impostor = lora(10, away(0));
		let signature = impostor.signer.sign(&Coverage::announce_message_for(&announcement));
		assert_eq!(
			general(Call::announce_beacon { announcement, signature: signature.clone() }),
			rejected(Error::BadSignature)
		);
		assert!(LastBeacon::<Test>::get(beaconer.key).is_none());
		let signature = beaconer.signer.sign(&Coverage::announce_message_for(&announcement));
		assert_ok!(general(Call::announce_beacon { announcement, signature: signature.clone() }));
		// Replayed while its entropy is fresh, and once the slot frees: refused both times.
		run_to_block(System::block_number() + 1);
		let replay =
			|| general(Call::announce_beacon { announcement, signature: signature.clone() });
		assert_eq!(replay(), rejected(Error::BeaconTooSoon));
		run_to_block(System::block_number() + u64::from(BEACON_INTERVAL));
		assert_eq!(replay(), rejected(Error::StaleEntropy));
		// The owner may announce in a signed transaction; nobody else.
		let fresh = announcement_by(&beaconer);
		let fresh_signature = beaconer.signer.sign(&Coverage::announce_message_for(&fresh));
		assert_noop!(
			Coverage::announce_beacon(RuntimeOrigin::signed(2), fresh, fresh_signature.clone()),
			Error::<Test>::NotOwner
		);
		assert_ok!(Coverage::announce_beacon(RuntimeOrigin::signed(OWNER), fresh, fresh_signature));
	});
}

#[test]
fn a_beacon_collects_at_most_its_bound_of_reports_and_rewards_a_draw() {
	new_test_ext().execute_with(|| {
		let beaconer = setup();
		let witnesses: Vec<Radio> = (0..=MAX_REPORTS_PER_BEACON as u8)
			.map(|i| lora(10 + i, cell(48.8530 + 0.01 * f64::from(i + 1), 2.3499)))
			.collect();
		let (announced_at, payload) = announce(&beaconer);
		let reports: Vec<SignedReport> =
			witnesses.iter().map(|w| report(&beaconer, announced_at, w, &payload)).collect();
		assert_eq!(relay(reports.clone()), rejected(Error::BeaconReportsFull));
		let (bounded, over) = reports.split_at(MAX_REPORTS_PER_BEACON as usize);
		assert_ok!(relay(bounded.to_vec()));
		assert_eq!(relay(over.to_vec()), rejected(Error::BeaconReportsFull));
		run_to_block(reveal_block(announced_at));
		assert_ok!(reveal(&beaconer, LOCAL_ENTROPY, MAX_REPORTS_PER_BEACON));
		let verdicts = revealed();
		assert_eq!(verdicts.len(), MAX_REPORTS_PER_BEACON as usize);
		let selected =
			verdicts.iter().filter(|(_, verdict)| *verdict == WitnessVerdict::Selected).count();
		assert_eq!(selected as u32, Params::<Test>::get().max_rewarded_witnesses);
	});
}

#[test]
fn the_flow_pays_for_the_storage_it_touches() {
	count_database_weights();
	let mut ext = new_test_ext();
	let (beaconer, witnesses) = ext.execute_with(|| {
		let beaconer = setup();
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
		(beaconer, witnesses)
	});
	let (announcement, signature) = ext.execute_with(|| {
		let announcement = announcement_by(&beaconer);
		(announcement, beaconer.signer.sign(&Coverage::announce_message_for(&announcement)))
	});
	// A general transaction is charged its authorization (less its refund) and its dispatch's
	// actual weight; the dispatch runs right after the authorization, in the same block.
	let within = |ext: &mut sp_io::TestExternalities, call: Call<Test>, what: &str| {
		let ((refund, post), used) = measured::<AllPalletsWithSystem, _>(ext, || {
			let (_, refund) = call.authorize(TransactionSource::External).unwrap().unwrap();
			(refund, call.clone().dispatch_bypass_filter(authorized()).expect("dispatch"))
		});
		let dispatch = post.actual_weight.unwrap_or(call.get_dispatch_info().call_weight);
		let weighed = charged(call.weight_of_authorize().saturating_sub(refund) + dispatch);
		assert!(used.within(&weighed), "{what}: {used:?} > {weighed:?}");
	};
	within(&mut ext, Call::announce_beacon { announcement, signature }, "announcement");
	let reports = ext.execute_with(|| {
		let announced_at = System::block_number() as u32;
		let payload = payload_of(&beaconer, announced_at - 1, &LOCAL_ENTROPY);
		witnesses.iter().map(|w| report(&beaconer, announced_at, w, &payload)).collect::<Vec<_>>()
	});
	within(
		&mut ext,
		Call::submit_reports { reports: BoundedVec::truncate_from(reports) },
		"reports",
	);
	ext.execute_with(|| run_to_block(reveal_block(NOW as u32)));
	let reveal_call =
		Call::reveal_beacon { beaconer: beaconer.key, local_entropy: LOCAL_ENTROPY, reports: 25 };
	within(&mut ext, reveal_call, "reveal");
	ext.execute_with(|| assert_eq!(revealed().len(), 25));
}

#[test]
fn root_sets_windows_that_fit_the_beacon_interval_only() {
	new_test_ext().execute_with(|| {
		let with = |change: fn(&mut PocParams)| {
			let mut params = Params::<Test>::get();
			change(&mut params);
			Coverage::set_poc_params(RuntimeOrigin::root(), params)
		};
		assert_noop!(with(|p| p.report_window = 0), Error::<Test>::WindowOutOfRange);
		assert_noop!(with(|p| p.reveal_window = 0), Error::<Test>::WindowOutOfRange);
		assert_noop!(with(|p| p.reveal_window = 250), Error::<Test>::WindowOutOfRange);
		assert_noop!(
			with(|p| p.reveal_window = BEACON_INTERVAL - REPORT_WINDOW),
			Error::<Test>::BeaconIntervalWithinWindows
		);
		assert_ok!(with(|p| p.reveal_window = BEACON_INTERVAL - REPORT_WINDOW - 1));
	});
}
