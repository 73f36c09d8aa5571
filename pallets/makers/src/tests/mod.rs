//! Unit tests of `pallet_makers`: every call and error, certification and revocation; X.509
//! roots and chains in [`x509`].

use crate::{mock::*, *};
use depin_primitives::{
	maker::{
		Capability, CertificateBody, Certification, Certifier, DeviceCertificate, KindSet,
		Registration, Revocation,
	},
	DeviceKey, DeviceKind,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::{traits::BadOrigin, DispatchError};

mod x509;

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::MakerRegistry(event) => Some(event),
			_ => None,
		})
		.expect("a makers event")
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::MakerBond.into(), &who)
}

fn name(text: &str) -> MakerName {
	MakerName::try_from(text.as_bytes().to_vec()).unwrap()
}

fn terms(kinds: &[DeviceKind], quota: u32, fee: u64) -> MakerTerms<u64> {
	MakerTerms { kinds: KindSet::of(kinds), quota, onboarding_fee: fee }
}

/// `certify` as registration calls it: in a storage layer that a failure rolls back.
fn certify(
	payer: u64,
	device: DeviceKey,
	kind: DeviceKind,
	certificate: &DeviceCertificate,
	registration: Registration,
) -> Result<Certification, DispatchError> {
	frame_support::storage::with_storage_layer(|| {
		<MakerRegistry as Certifier<u64>>::certify(&payer, &device, kind, certificate, registration)
	})
}

fn revocation(kind: DeviceKind, certification: Option<&Certification>) -> Option<Revocation> {
	<MakerRegistry as Certifier<u64>>::revocation(kind, certification)
}

/// Asserts that certifying fails with `error` and changes nothing.
fn assert_refused(
	device: DeviceKey,
	kind: DeviceKind,
	cert: &DeviceCertificate,
	error: Error<Test>,
) {
	let before = (maker(0), Balances::balance(&2));
	assert_eq!(certify(2, device, kind, cert, Registration::First), Err(error.into()));
	assert_eq!((maker(0), Balances::balance(&2)), before);
}

#[test]
fn genesis_starts_an_active_maker_with_its_bond_held() {
	new_test_ext().execute_with(|| {
		let info = maker(0);
		assert_eq!(info.status, MakerStatus::Active);
		assert_eq!(info.account, MAKER_ACCOUNT);
		assert_eq!(&info.name[..], b"Acme Radio");
		assert_eq!(info.terms.quota, QUOTA);
		assert_eq!(
			info.keys[0],
			MakerKeyInfo { key: maker_key(0).public(), status: KeyStatus::Active }
		);
		assert_eq!(held(MAKER_ACCOUNT), GENESIS_BOND);
		assert_eq!(NextMakerId::<Test>::get(), 1);
		assert_eq!(OpenKinds::<Test>::get(), KindSet::NONE);
		MakerRegistry::do_try_state().unwrap();
	});
}

#[test]
fn a_maker_is_proposed_approved_and_can_withdraw_only_before() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			MakerRegistry::propose_maker(RuntimeOrigin::signed(2), name("Low"), MIN_BOND - 1),
			Error::<Test>::BondTooLow
		);
		assert_noop!(
			MakerRegistry::propose_maker(RuntimeOrigin::signed(POOR), name("Poor"), MIN_BOND),
			Error::<Test>::InsufficientBalanceForBond
		);
		assert_ok!(MakerRegistry::propose_maker(RuntimeOrigin::signed(2), name("Beta"), MIN_BOND));
		assert_eq!(last_event(), Event::MakerProposed { maker: 1, account: 2, bond: MIN_BOND });
		assert_eq!(held(2), MIN_BOND);
		assert_eq!(maker(1).status, MakerStatus::Proposed);

		// Nothing changes a proposal but approval or withdrawal.
		let t = terms(&[DeviceKind::Sensor], 10, 5);
		assert_noop!(
			MakerRegistry::set_maker_terms(RuntimeOrigin::root(), 1, t),
			Error::<Test>::MakerStillProposed
		);
		assert_noop!(
			MakerRegistry::set_maker_status(RuntimeOrigin::root(), 1, MakerStatus::Suspended),
			Error::<Test>::MakerStillProposed
		);
		assert_noop!(MakerRegistry::approve_maker(RuntimeOrigin::signed(2), 1, t), BadOrigin);
		assert_noop!(
			MakerRegistry::approve_maker(RuntimeOrigin::root(), 9, t),
			Error::<Test>::UnknownMaker
		);
		assert_noop!(
			MakerRegistry::approve_maker(
				RuntimeOrigin::root(),
				1,
				MakerTerms { kinds: KindSet(0x80), ..t }
			),
			Error::<Test>::InvalidKinds
		);
		assert_noop!(
			MakerRegistry::withdraw_proposal(RuntimeOrigin::signed(3), 1),
			Error::<Test>::NotMakerAccount
		);

		assert_ok!(MakerRegistry::propose_maker(RuntimeOrigin::signed(3), name("Gamma"), MIN_BOND));
		assert_ok!(MakerRegistry::withdraw_proposal(RuntimeOrigin::signed(3), 2));
		assert_eq!(last_event(), Event::ProposalWithdrawn { maker: 2 });
		assert_eq!((held(3), Balances::balance(&3)), (0, RICH));
		assert!(Makers::<Test>::get(2).is_none());

		assert_ok!(MakerRegistry::approve_maker(RuntimeOrigin::root(), 1, t));
		assert_eq!(last_event(), Event::MakerApproved { maker: 1, terms: t });
		assert_eq!((maker(1).status, maker(1).terms), (MakerStatus::Active, t));
		assert_noop!(
			MakerRegistry::approve_maker(RuntimeOrigin::root(), 1, t),
			Error::<Test>::MakerNotProposed
		);
		assert_noop!(
			MakerRegistry::withdraw_proposal(RuntimeOrigin::signed(2), 1),
			Error::<Test>::MakerNotProposed
		);
		MakerRegistry::do_try_state().unwrap();
	});
}

#[test]
fn governance_changes_terms_and_status_and_slashes() {
	new_test_ext().execute_with(|| {
		let t = terms(&[DeviceKind::Compute], 7, 0);
		assert_noop!(MakerRegistry::set_maker_terms(RuntimeOrigin::signed(1), 0, t), BadOrigin);
		assert_ok!(MakerRegistry::set_maker_terms(RuntimeOrigin::root(), 0, t));
		assert_eq!(last_event(), Event::MakerTermsChanged { maker: 0, terms: t });
		assert_eq!(maker(0).terms, t);

		assert_noop!(
			MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, MakerStatus::Active),
			Error::<Test>::StatusUnchanged
		);
		assert_noop!(
			MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, MakerStatus::Proposed),
			Error::<Test>::CannotSetProposed
		);
		for (status, event) in [
			(MakerStatus::Suspended, Event::MakerSuspended { maker: 0 }),
			(MakerStatus::Revoked, Event::MakerRevoked { maker: 0 }),
			(MakerStatus::Active, Event::MakerReinstated { maker: 0 }),
		] {
			assert_ok!(MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, status));
			assert_eq!((maker(0).status, last_event()), (status, event));
		}

		assert_noop!(
			MakerRegistry::slash_maker(RuntimeOrigin::root(), 0, GENESIS_BOND + 1),
			Error::<Test>::SlashExceedsBond
		);
		assert_noop!(
			MakerRegistry::slash_maker(RuntimeOrigin::root(), 5, 1),
			Error::<Test>::UnknownMaker
		);
		let issuance = Balances::total_issuance();
		assert_ok!(MakerRegistry::slash_maker(RuntimeOrigin::root(), 0, 400));
		assert_eq!(last_event(), Event::MakerSlashed { maker: 0, amount: 400 });
		assert_eq!((maker(0).bond, held(MAKER_ACCOUNT)), (GENESIS_BOND - 400, GENESIS_BOND - 400));
		// The mock's treasury drops the credit: the slash left the maker's account.
		assert_eq!(Balances::total_issuance(), issuance - 400);
	});
}

#[test]
fn a_maker_adds_retires_revokes_keys_and_governance_reinstates() {
	new_test_ext().execute_with(|| {
		let key = p256_maker_key(1).public();
		assert_noop!(
			MakerRegistry::add_maker_key(RuntimeOrigin::signed(2), 0, key),
			Error::<Test>::NotMakerAccount
		);
		assert_noop!(
			MakerRegistry::add_maker_key(RuntimeOrigin::signed(1), 0, maker_key(0).public()),
			Error::<Test>::KeyAlreadyAdded
		);
		assert_ok!(MakerRegistry::add_maker_key(RuntimeOrigin::signed(1), 0, key));
		assert_eq!(last_event(), Event::MakerKeyAdded { maker: 0, key, index: 1 });
		for n in 2..MAX_MAKER_KEYS as u8 {
			assert_ok!(MakerRegistry::add_maker_key(
				RuntimeOrigin::signed(1),
				0,
				maker_key(n).public()
			));
		}
		assert_noop!(
			MakerRegistry::add_maker_key(RuntimeOrigin::signed(1), 0, maker_key(50).public()),
			Error::<Test>::TooManyKeys
		);

		assert_noop!(
			MakerRegistry::retire_maker_key(RuntimeOrigin::signed(1), 0, maker_key(50).public()),
			Error::<Test>::UnknownMakerKey
		);
		assert_ok!(MakerRegistry::retire_maker_key(RuntimeOrigin::signed(1), 0, key));
		assert_eq!(last_event(), Event::MakerKeyRetired { maker: 0, key });
		assert_noop!(
			MakerRegistry::retire_maker_key(RuntimeOrigin::signed(1), 0, key),
			Error::<Test>::MakerKeyNotActive
		);
		assert_noop!(
			MakerRegistry::reinstate_maker_key(RuntimeOrigin::root(), 0, key),
			Error::<Test>::MakerKeyNotRevoked
		);
		assert_ok!(MakerRegistry::revoke_maker_key(RuntimeOrigin::signed(1), 0, key));
		assert_eq!(last_event(), Event::MakerKeyRevoked { maker: 0, key });
		assert_noop!(
			MakerRegistry::revoke_maker_key(RuntimeOrigin::signed(1), 0, key),
			Error::<Test>::MakerKeyRevoked
		);
		assert_noop!(
			MakerRegistry::reinstate_maker_key(RuntimeOrigin::signed(1), 0, key),
			BadOrigin
		);
		assert_ok!(MakerRegistry::reinstate_maker_key(RuntimeOrigin::root(), 0, key));
		assert_eq!(last_event(), Event::MakerKeyReinstated { maker: 0, key });
		assert_eq!(maker(0).keys[1].status, KeyStatus::Active);

		// A revoked maker changes nothing of its own.
		assert_ok!(MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, MakerStatus::Revoked));
		assert_noop!(
			MakerRegistry::revoke_maker_key(RuntimeOrigin::signed(1), 0, key),
			Error::<Test>::MakerIsRevoked
		);
		assert_noop!(
			MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, 1),
			Error::<Test>::MakerIsRevoked
		);
		MakerRegistry::do_try_state().unwrap();
	});
}

#[test]
fn a_maker_recalls_and_restores_batches_within_the_bound() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			MakerRegistry::recall_batch(RuntimeOrigin::signed(2), 0, 1),
			Error::<Test>::NotMakerAccount
		);
		assert_noop!(
			MakerRegistry::restore_batch(RuntimeOrigin::signed(1), 0, 1),
			Error::<Test>::BatchNotRecalled
		);
		for batch in (0..MAX_RECALLED_BATCHES).rev() {
			assert_ok!(MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, batch));
		}
		assert_eq!(last_event(), Event::BatchRecalled { maker: 0, batch: 0 });
		assert_noop!(
			MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, 3),
			Error::<Test>::BatchRecalled
		);
		assert_noop!(
			MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, MAX_RECALLED_BATCHES),
			Error::<Test>::TooManyRecalledBatches
		);
		MakerRegistry::do_try_state().unwrap();
		assert_ok!(MakerRegistry::restore_batch(RuntimeOrigin::signed(1), 0, 3));
		assert_eq!(last_event(), Event::BatchRestored { maker: 0, batch: 3 });
		assert!(!maker(0).recalled.contains(&3));
		assert_ok!(MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, MAX_RECALLED_BATCHES));
	});
}

#[test]
fn open_kinds_are_set_by_governance() {
	new_test_ext().execute_with(|| {
		let kinds = KindSet::of(&[DeviceKind::Sensor]);
		assert_noop!(MakerRegistry::set_open_kinds(RuntimeOrigin::signed(1), kinds), BadOrigin);
		assert_noop!(
			MakerRegistry::set_open_kinds(RuntimeOrigin::root(), KindSet(0xc0)),
			Error::<Test>::InvalidKinds
		);
		assert!(!<MakerRegistry as Certifier<u64>>::is_open(DeviceKind::Sensor));
		assert_ok!(MakerRegistry::set_open_kinds(RuntimeOrigin::root(), kinds));
		assert_eq!(last_event(), Event::OpenKindsChanged { kinds });
		assert!(<MakerRegistry as Certifier<u64>>::is_open(DeviceKind::Sensor));
		assert!(!<MakerRegistry as Certifier<u64>>::is_open(DeviceKind::LoraHotspot));
	});
}

#[test]
fn a_valid_certificate_certifies_charges_the_fee_once_and_counts_the_quota() {
	new_test_ext().execute_with(|| {
		let cert = certificate(device(1), DeviceKind::Energy, 4);
		let issuance = Balances::total_issuance();
		let certification =
			certify(2, device(1), DeviceKind::Energy, &cert, Registration::First).unwrap();
		assert_eq!(
			certification,
			Certification {
				maker: 0,
				key: 0,
				batch: 4,
				serial: 1,
				capability: Capability::RatedPowerW(5_000)
			}
		);
		assert_eq!(Balances::balance(&2), RICH - ONBOARDING_FEE);
		assert_eq!(Balances::total_issuance(), issuance - ONBOARDING_FEE);
		assert_eq!(maker(0).certified, 1);
		// A re-registration of the same key pays and counts nothing.
		assert_eq!(
			certify(3, device(1), DeviceKind::Energy, &cert, Registration::Again),
			Ok(certification)
		);
		assert_eq!((Balances::balance(&3), maker(0).certified), (RICH, 1));

		for n in 2..=QUOTA as u8 {
			let cert = certificate(device(n), DeviceKind::Sensor, 1);
			assert_ok!(certify(2, device(n), DeviceKind::Sensor, &cert, Registration::First));
		}
		let cert = certificate(device(9), DeviceKind::Sensor, 1);
		assert_refused(device(9), DeviceKind::Sensor, &cert, Error::<Test>::QuotaExhausted);
	});
}

#[test]
fn a_p256_maker_key_certifies() {
	new_test_ext().execute_with(|| {
		let key = p256_maker_key(1);
		assert_ok!(MakerRegistry::add_maker_key(RuntimeOrigin::signed(1), 0, key.public()));
		let cert = sign(body(device(1), DeviceKind::LoraHotspot), &key);
		assert_eq!(
			certify(2, device(1), DeviceKind::LoraHotspot, &cert, Registration::First).unwrap().key,
			1
		);
	});
}

#[test]
fn every_certificate_rule_has_its_error_and_changes_nothing() {
	new_test_ext().execute_with(|| {
		let kind = DeviceKind::Sensor;
		let base = body(device(1), kind);
		let signed = |body: CertificateBody| sign(body, &maker_key(0));
		let cases = [
			(
				signed(CertificateBody { genesis_hash: [9; 32], ..base.clone() }),
				Error::<Test>::CertificateForAnotherChain,
			),
			(
				signed(CertificateBody { device: device(2), ..base.clone() }),
				Error::<Test>::CertificateForAnotherDevice,
			),
			(
				signed(CertificateBody { kind: DeviceKind::LoraHotspot, ..base.clone() }),
				Error::<Test>::CertificateForAnotherKind,
			),
			(signed(CertificateBody { maker: 7, ..base.clone() }), Error::<Test>::UnknownMaker),
			(
				signed(CertificateBody {
					capability: Capability::RatedPowerW(100),
					..base.clone()
				}),
				Error::<Test>::CapabilityMismatch,
			),
			(
				signed(CertificateBody { expires_at: Some(GENESIS_TIME - 1), ..base.clone() }),
				Error::<Test>::CertificateExpired,
			),
			(sign(base.clone(), &maker_key(5)), Error::<Test>::UnknownMakerKey),
		];
		for (cert, error) in cases {
			assert_refused(device(1), kind, &cert, error);
		}
		// Valid until the second it expires.
		assert_ok!(certify(
			2,
			device(1),
			kind,
			&signed(CertificateBody { expires_at: Some(GENESIS_TIME), ..base.clone() }),
			Registration::Again
		));

		// A signature over other bytes.
		let DeviceCertificate::Maker(mut forged) = signed(base.clone()) else {
			unreachable!("a maker certificate")
		};
		forged.body.serial += 1;
		assert_refused(
			device(1),
			kind,
			&DeviceCertificate::Maker(forged),
			Error::<Test>::BadCertificateSignature,
		);

		// Another kind than the maker's.
		let compute = body(device(1), DeviceKind::Compute);
		assert_refused(
			device(1),
			DeviceKind::Compute,
			&signed(compute),
			Error::<Test>::KindNotAllowed,
		);

		// A recalled batch certifies nothing.
		assert_ok!(MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, base.batch));
		assert_refused(device(1), kind, &signed(base.clone()), Error::<Test>::BatchRecalled);
		assert_ok!(MakerRegistry::restore_batch(RuntimeOrigin::signed(1), 0, base.batch));

		// Retired and revoked keys certify nothing.
		assert_ok!(MakerRegistry::retire_maker_key(
			RuntimeOrigin::signed(1),
			0,
			maker_key(0).public()
		));
		assert_refused(device(1), kind, &signed(base.clone()), Error::<Test>::MakerKeyRetired);
		assert_ok!(MakerRegistry::revoke_maker_key(
			RuntimeOrigin::signed(1),
			0,
			maker_key(0).public()
		));
		assert_refused(device(1), kind, &signed(base.clone()), Error::<Test>::MakerKeyRevoked);
		assert_ok!(MakerRegistry::reinstate_maker_key(
			RuntimeOrigin::root(),
			0,
			maker_key(0).public()
		));

		// A suspended maker certifies nothing.
		assert_ok!(MakerRegistry::set_maker_status(
			RuntimeOrigin::root(),
			0,
			MakerStatus::Suspended
		));
		assert_refused(device(1), kind, &signed(base.clone()), Error::<Test>::MakerNotActive);
		assert_ok!(MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, MakerStatus::Active));

		// An owner who cannot pay the fee.
		let before = maker(0);
		assert_eq!(
			certify(POOR, device(1), kind, &signed(base.clone()), Registration::First),
			Err(Error::<Test>::InsufficientBalanceForFee.into())
		);
		assert_eq!(maker(0), before);
		assert_ok!(certify(2, device(1), kind, &signed(base), Registration::First));
	});
}

#[test]
fn revocation_follows_the_maker_the_key_and_the_batch_and_reinstating_undoes_it() {
	new_test_ext().execute_with(|| {
		let kind = DeviceKind::LoraHotspot;
		let certification =
			certify(2, device(1), kind, &certificate(device(1), kind, 5), Registration::First)
				.unwrap();
		let other_batch =
			certify(2, device(2), kind, &certificate(device(2), kind, 6), Registration::First)
				.unwrap();
		assert_eq!(revocation(kind, Some(&certification)), None);

		assert_ok!(MakerRegistry::set_maker_status(
			RuntimeOrigin::root(),
			0,
			MakerStatus::Suspended
		));
		assert_eq!(
			revocation(kind, Some(&certification)),
			None,
			"suspension stops certifying only"
		);
		assert_ok!(MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, MakerStatus::Revoked));
		assert_eq!(revocation(kind, Some(&certification)), Some(Revocation::MakerRevoked));
		assert_ok!(MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, MakerStatus::Active));
		assert_eq!(revocation(kind, Some(&certification)), None);

		assert_ok!(MakerRegistry::retire_maker_key(
			RuntimeOrigin::signed(1),
			0,
			maker_key(0).public()
		));
		assert_eq!(
			revocation(kind, Some(&certification)),
			None,
			"retired keys' devices stay valid"
		);
		assert_ok!(MakerRegistry::revoke_maker_key(
			RuntimeOrigin::signed(1),
			0,
			maker_key(0).public()
		));
		assert_eq!(revocation(kind, Some(&certification)), Some(Revocation::MakerKeyRevoked));
		assert_ok!(MakerRegistry::reinstate_maker_key(
			RuntimeOrigin::root(),
			0,
			maker_key(0).public()
		));
		assert_eq!(revocation(kind, Some(&certification)), None);

		assert_ok!(MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, 5));
		assert_eq!(revocation(kind, Some(&certification)), Some(Revocation::BatchRecalled));
		assert_eq!(revocation(kind, Some(&other_batch)), None);
		assert_ok!(MakerRegistry::restore_batch(RuntimeOrigin::signed(1), 0, 5));
		assert_eq!(revocation(kind, Some(&certification)), None);

		// Uncertified devices hold only while their kind is open.
		assert_eq!(revocation(kind, None), Some(Revocation::Uncertified));
		assert_ok!(MakerRegistry::set_open_kinds(RuntimeOrigin::root(), KindSet::of(&[kind])));
		assert_eq!(revocation(kind, None), None);
	});
}

#[test]
fn a_genesis_certificate_carries_zeros_for_the_chain_and_counts_as_first() {
	new_test_ext().execute_with(|| {
		let kind = DeviceKind::Sensor;
		let for_genesis =
			sign(CertificateBody { genesis_hash: [0; 32], ..body(device(1), kind) }, &maker_key(0));
		assert_eq!(
			certify(2, device(1), kind, &for_genesis, Registration::First),
			Err(Error::<Test>::CertificateForAnotherChain.into())
		);
		let for_chain = certificate(device(1), kind, 1);
		assert_eq!(
			certify(2, device(1), kind, &for_chain, Registration::Genesis),
			Err(Error::<Test>::CertificateForAnotherChain.into())
		);
		assert_ok!(certify(2, device(1), kind, &for_genesis, Registration::Genesis));
		assert_eq!((maker(0).certified, Balances::balance(&2)), (1, RICH - ONBOARDING_FEE));
	});
}
