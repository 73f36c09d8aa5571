//! Sanctions, appeals and challenges: what each costs and frees, and that a sanction stays
//! with the key.

use super::*;
use depin_primitives::{SanctionReason, SanctionStatus};
use sp_core::H256;

const EVIDENCE: H256 = H256::repeat_byte(0xe1);

fn sanction(device: DeviceKey, status: SanctionStatus) -> DispatchResult {
	Registry::sanction_device(
		RuntimeOrigin::root(),
		device,
		status,
		SanctionReason::ClonedKey,
		EVIDENCE,
	)
	.map(|_| ())
	.map_err(|error| error.error)
}

fn held_for(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&reason.into(), &who)
}

#[test]
fn a_denial_slashes_the_bond_forfeits_the_rewards_and_records_its_grounds() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
		let slash = DENIAL_SLASH * BOND;
		assert_ok!(sanction(device, SanctionStatus::Denied));
		assert_eq!(
			last_event(),
			Event::DeviceSanctioned {
				device,
				status: SanctionStatus::Denied,
				reason: SanctionReason::ClonedKey,
				evidence: EVIDENCE,
				slashed: slash,
			}
		);
		let info = Devices::<Test>::get(device).unwrap();
		assert_eq!(info.status(), DeviceStatus::Denied);
		assert_eq!(
			info.sanction,
			Some(Sanction {
				status: SanctionStatus::Denied,
				reason: SanctionReason::ClonedKey,
				evidence: EVIDENCE,
				since: 1,
				appeal: None,
			})
		);
		assert_eq!((info.bond, held(1)), (BOND - slash, BOND - slash));
		assert_eq!(free(TREASURY), 1 + slash);
		assert_eq!(Forfeited::get(), vec![device]);
		// Denied twice is refused; suspending a denied device slashes nothing more.
		assert_noop!(sanction(device, SanctionStatus::Denied), Error::<Test>::SanctionUnchanged);
		assert_ok!(sanction(device, SanctionStatus::Suspended));
		assert_eq!(held(1), BOND - slash);
		check_invariants();
	});
}

#[test]
fn a_suspension_freezes_without_slashing_and_lifting_restores() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
		assert_ok!(sanction(device, SanctionStatus::Suspended));
		assert_eq!(held(1), BOND);
		assert!(Forfeited::get().is_empty());
		assert_eq!(Registry::device(&device).unwrap().status, DeviceStatus::Suspended);
		assert_noop!(
			Registry::lift_sanction(RuntimeOrigin::signed(1), device),
			DispatchError::BadOrigin
		);
		assert_ok!(Registry::lift_sanction(RuntimeOrigin::root(), device));
		assert_eq!(last_event(), Event::SanctionLifted { device });
		assert_eq!(Registry::device(&device).unwrap().status, DeviceStatus::Active);
		assert_noop!(
			Registry::lift_sanction(RuntimeOrigin::root(), device),
			Error::<Test>::NotSanctioned
		);
		check_invariants();
	});
}

#[test]
fn rejects_bad_sanctions() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
		assert_noop!(
			Registry::sanction_device(
				RuntimeOrigin::signed(1),
				device,
				SanctionStatus::Denied,
				SanctionReason::Other,
				EVIDENCE
			),
			DispatchError::BadOrigin
		);
		assert_ok!(sanction(device, SanctionStatus::Suspended));
		assert_noop!(sanction(device, SanctionStatus::Suspended), Error::<Test>::SanctionUnchanged);
		assert_noop!(
			Registry::lift_sanction(RuntimeOrigin::root(), ed25519_device(2).public()),
			Error::<Test>::NotSanctioned
		);
	});
}

#[test]
fn a_sanction_stays_with_the_key_through_deregistration_and_re_registration() {
	new_test_ext().execute_with(|| {
		let signer = ed25519_device(1);
		let device = register(1, &signer, DeviceKind::LoraHotspot);
		locate(1, device, paris());
		assert_ok!(sanction(device, SanctionStatus::Denied));
		let sanctioned = Registry::sanction_of(&device).unwrap();
		// A denied device may leave: what its bond has left goes back to its owner.
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
		assert_eq!(held(1), 0);
		assert_eq!(KeySanctions::<Test>::get(device), Some(sanctioned.clone()));
		assert_eq!(Registry::sanction_of(&device), Some(sanctioned.clone()));
		check_invariants();

		// Another owner registers the key: it is still denied, and counted so.
		register(2, &signer, DeviceKind::LoraHotspot);
		let info = Devices::<Test>::get(device).unwrap();
		assert_eq!((info.owner, info.sanction), (2, Some(sanctioned)));
		assert_eq!(Registry::device(&device).unwrap().status, DeviceStatus::Denied);
		assert!(!KeySanctions::<Test>::contains_key(device));
		assert_eq!(DeviceTally::<Test>::get(DeviceKind::LoraHotspot, DeviceStatus::Denied), 1);
		check_invariants();
	});
}

#[test]
fn a_key_sanctioned_before_it_is_registered_registers_under_its_sanction() {
	new_test_ext().execute_with(|| {
		let signer = ed25519_device(1);
		let device = signer.public();
		assert_ok!(sanction(device, SanctionStatus::Denied));
		assert_eq!(
			last_event(),
			Event::DeviceSanctioned {
				device,
				status: SanctionStatus::Denied,
				reason: SanctionReason::ClonedKey,
				evidence: EVIDENCE,
				slashed: 0,
			}
		);
		assert!(Forfeited::get().is_empty());
		register(1, &signer, DeviceKind::Sensor);
		assert_eq!(Registry::device(&device).unwrap().status, DeviceStatus::Denied);
		assert_eq!(held(1), BOND);
		check_invariants();
	});
}

#[test]
fn an_appeal_holds_a_deposit_that_a_refusal_forfeits_and_a_grant_returns() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
		assert_noop!(
			Registry::appeal(RuntimeOrigin::signed(1), device),
			Error::<Test>::AppealWithoutSanction
		);
		assert_ok!(sanction(device, SanctionStatus::Suspended));
		assert_noop!(Registry::appeal(RuntimeOrigin::signed(2), device), Error::<Test>::NotOwner);
		assert_noop!(
			Registry::appeal(RuntimeOrigin::signed(1), ed25519_device(2).public()),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Registry::decide_appeal(RuntimeOrigin::root(), device, true),
			Error::<Test>::NoAppeal
		);

		assert_ok!(Registry::appeal(RuntimeOrigin::signed(1), device));
		assert_eq!(
			last_event(),
			Event::SanctionAppealed { device, appellant: 1, deposit: APPEAL_DEPOSIT }
		);
		assert_eq!(held_for(HoldReason::AppealDeposit, 1), APPEAL_DEPOSIT);
		assert_noop!(
			Registry::appeal(RuntimeOrigin::signed(1), device),
			Error::<Test>::AppealAlreadyOpen
		);
		// The device stays put while its appeal is pending.
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(1), device),
			Error::<Test>::AppealPending
		);
		assert_noop!(
			Registry::transfer_device(RuntimeOrigin::signed(1), device, 2),
			Error::<Test>::AppealPending
		);
		assert_noop!(
			Registry::decide_appeal(RuntimeOrigin::signed(1), device, true),
			DispatchError::BadOrigin
		);
		check_invariants();

		// Refused: the deposit is the treasury's, the sanction stands.
		assert_ok!(Registry::decide_appeal(RuntimeOrigin::root(), device, false));
		assert_eq!(last_event(), Event::AppealRefused { device, deposit: APPEAL_DEPOSIT });
		assert_eq!(held_for(HoldReason::AppealDeposit, 1), 0);
		assert_eq!(free(TREASURY), 1 + APPEAL_DEPOSIT);
		assert_eq!(Registry::device(&device).unwrap().status, DeviceStatus::Suspended);
		check_invariants();

		// Granted: the sanction is lifted and the deposit returned.
		assert_ok!(Registry::appeal(RuntimeOrigin::signed(1), device));
		let before = free(1);
		assert_ok!(Registry::decide_appeal(RuntimeOrigin::root(), device, true));
		assert_eq!(last_event(), Event::SanctionLifted { device });
		assert_eq!(free(1), before + APPEAL_DEPOSIT);
		assert_eq!(Registry::device(&device).unwrap().status, DeviceStatus::Active);
		check_invariants();

		Params::<Test>::mutate(|params| params.appeal_deposit = 10 * RICH);
		assert_ok!(sanction(device, SanctionStatus::Suspended));
		assert_noop!(
			Registry::appeal(RuntimeOrigin::signed(1), device),
			Error::<Test>::InsufficientBalanceForDeposit
		);
	});
}

#[test]
fn an_upheld_challenge_denies_the_device_and_rewards_the_challenger() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
		let relay = H256::repeat_byte(0x52);
		assert_ok!(Registry::challenge_device(
			RuntimeOrigin::signed(2),
			device,
			SanctionReason::Relay,
			relay
		));
		assert_eq!(
			last_event(),
			Event::DeviceChallenged {
				device,
				challenger: 2,
				reason: SanctionReason::Relay,
				evidence: relay,
				bond: CHALLENGE_BOND,
			}
		);
		assert_eq!(held_for(HoldReason::ChallengeBond, 2), CHALLENGE_BOND);
		assert_eq!(Registry::device_details(&device).unwrap().challenge.unwrap().challenger, 2);
		// The owner cannot walk away from a pending challenge.
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(1), device),
			Error::<Test>::ChallengePending
		);
		assert_noop!(
			Registry::transfer_device(RuntimeOrigin::signed(1), device, 3),
			Error::<Test>::ChallengePending
		);
		check_invariants();

		let before = free(2);
		let slash = DENIAL_SLASH * BOND;
		let reward = CHALLENGE_REWARD * slash;
		assert_noop!(
			Registry::uphold_challenge(RuntimeOrigin::signed(2), device),
			DispatchError::BadOrigin
		);
		assert_ok!(Registry::uphold_challenge(RuntimeOrigin::root(), device));
		assert_eq!(last_event(), Event::ChallengeUpheld { device, challenger: 2, reward });
		assert_eq!(free(2), before + CHALLENGE_BOND + reward);
		assert_eq!(held_for(HoldReason::ChallengeBond, 2), 0);
		assert_eq!(free(TREASURY), 1 + slash - reward);
		assert_eq!(held(1), BOND - slash);
		let sanction = Registry::sanction_of(&device).unwrap();
		assert_eq!(
			(sanction.status, sanction.reason, sanction.evidence),
			(SanctionStatus::Denied, SanctionReason::Relay, relay)
		);
		assert_eq!(Forfeited::get(), vec![device]);
		assert!(!Challenges::<Test>::contains_key(device));
		check_invariants();
	});
}

#[test]
fn a_rejected_challenge_costs_the_challenger_its_bond() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
		assert_ok!(Registry::challenge_device(
			RuntimeOrigin::signed(2),
			device,
			SanctionReason::FalseLocation,
			EVIDENCE
		));
		assert_ok!(Registry::reject_challenge(RuntimeOrigin::root(), device));
		assert_eq!(
			last_event(),
			Event::ChallengeRejected { device, challenger: 2, bond: CHALLENGE_BOND }
		);
		assert_eq!(free(2), RICH - CHALLENGE_BOND);
		assert_eq!(free(TREASURY), 1 + CHALLENGE_BOND);
		assert_eq!(Registry::device(&device).unwrap().status, DeviceStatus::Active);
		assert_eq!(held(1), BOND);
		// The device is free to go again.
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
		check_invariants();
	});
}

#[test]
fn rejects_bad_challenges() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
		let challenge = |who: u64, device: DeviceKey| {
			Registry::challenge_device(
				RuntimeOrigin::signed(who),
				device,
				SanctionReason::Other,
				EVIDENCE,
			)
		};
		assert_noop!(challenge(2, ed25519_device(2).public()), Error::<Test>::UnknownDevice);
		assert_noop!(challenge(1, device), Error::<Test>::ChallengeOfOwnDevice);
		assert_noop!(challenge(NOBODY, device), Error::<Test>::InsufficientBalanceForChallengeBond);
		assert_ok!(challenge(2, device));
		assert_noop!(challenge(3, device), Error::<Test>::ChallengeAlreadyOpen);
		let unchallenged = ed25519_device(2).public();
		assert_noop!(
			Registry::uphold_challenge(RuntimeOrigin::root(), unchallenged),
			Error::<Test>::NoChallenge
		);
		assert_noop!(
			Registry::reject_challenge(RuntimeOrigin::root(), unchallenged),
			Error::<Test>::NoChallenge
		);
		assert_ok!(Registry::reject_challenge(RuntimeOrigin::root(), device));
		assert_ok!(sanction(device, SanctionStatus::Denied));
		assert_noop!(challenge(2, device), Error::<Test>::DeviceDenied);
	});
}
