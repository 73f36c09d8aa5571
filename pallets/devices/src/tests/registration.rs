//! `register_device`: proofs of possession, bonds and the owner bound.

use super::*;

#[test]
fn registers_an_ed25519_device_and_holds_the_bond() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
		assert_eq!(
			last_event(),
			Event::DeviceRegistered { device, owner: 1, kind: DeviceKind::LoraHotspot, bond: BOND }
		);
		let info = Devices::<Test>::get(device).unwrap();
		assert_eq!(info.owner, 1);
		assert_eq!(info.kind, DeviceKind::LoraHotspot);
		assert_eq!(info.status(), DeviceStatus::Active);
		assert_eq!(info.location, None);
		assert_eq!(info.registered_at, 1);
		assert_eq!(info.bond, BOND);
		assert_eq!(held(1), BOND);
		assert_eq!(free(1), RICH - BOND);
		assert_eq!(owned(1), vec![device]);
		assert_eq!((info.owner_slot, OwnerDeviceCount::<Test>::get(1)), (0, 1));
		// The nonce lives in the record while the device is registered.
		assert_eq!(info.registrations, 1);
		assert!(!Departures::<Test>::contains_key(device));
		assert_eq!(Registry::registration_nonce(&device), 1);
		assert_eq!(DeviceTally::<Test>::get(DeviceKind::LoraHotspot, DeviceStatus::Active), 1);
		// Not located yet: counted in no cell.
		assert_eq!(DevicesInCell::<Test>::iter().count(), 0);
		assert_eq!(DevicesInFineCells::<Test>::iter().count(), 0);
		check_invariants();
	});
}

#[test]
fn registers_a_p256_device() {
	new_test_ext().execute_with(|| {
		let signer = p256_device(1);
		assert!(matches!(signer.public(), DeviceKey::P256(_)));
		let device = register(2, &signer, DeviceKind::Sensor);
		assert_eq!(Devices::<Test>::get(device).unwrap().owner, 2);
		assert_eq!(held(2), BOND);
		check_invariants();
	});
}

#[test]
fn rejects_proofs_that_are_not_the_devices_signature_of_this_registration() {
	new_test_ext().execute_with(|| {
		let signer = ed25519_device(1);
		let device = signer.public();
		let register_with = |proof: DeviceSignature| {
			Registry::register_device(
				RuntimeOrigin::signed(1),
				device,
				DeviceKind::LoraHotspot,
				proof,
				None,
			)
		};
		// Signed for another owner.
		assert_noop!(register_with(proof(&signer, 2)), Error::<Test>::BadProof);
		// Signed by another device.
		assert_noop!(register_with(proof(&ed25519_device(2), 1)), Error::<Test>::BadProof);
		// Signed for another chain.
		let other_chain = depin_primitives::device::registration_message(
			&[1; 32],
			&codec::Encode::encode(&1u64),
			&device,
			0,
		);
		assert_noop!(register_with(signer.sign(&other_chain)), Error::<Test>::BadProof);
		// Signed at another nonce.
		let other_nonce = depin_primitives::device::registration_message(
			System::block_hash(0).as_ref(),
			&codec::Encode::encode(&1u64),
			&device,
			1,
		);
		assert_noop!(register_with(signer.sign(&other_nonce)), Error::<Test>::BadProof);
		// A P-256 signature for an Ed25519 key, and garbage.
		assert_noop!(register_with(proof(&p256_device(1), 1)), Error::<Test>::BadProof);
		assert_noop!(register_with(DeviceSignature::Ed25519([0; 64])), Error::<Test>::BadProof);
		// A P-256 key that is not on the curve.
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(1),
				DeviceKey::P256([2; 33]),
				DeviceKind::LoraHotspot,
				DeviceSignature::P256([1; 64]),
				None
			),
			Error::<Test>::BadProof
		);
	});
}

#[test]
fn a_key_registers_once() {
	new_test_ext().execute_with(|| {
		let signer = ed25519_device(1);
		let device = register(1, &signer, DeviceKind::LoraHotspot);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(1),
				device,
				DeviceKind::LoraHotspot,
				proof(&signer, 1),
				None
			),
			Error::<Test>::KeyAlreadyRegistered
		);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(2),
				device,
				DeviceKind::Sensor,
				proof(&signer, 2),
				None
			),
			Error::<Test>::KeyAlreadyRegistered
		);
	});
}

#[test]
fn a_deregistered_key_needs_a_fresh_proof() {
	new_test_ext().execute_with(|| {
		let signer = p256_device(3);
		let device = signer.public();
		let old_proof = proof(&signer, 1);
		register(1, &signer, DeviceKind::WifiHotspot);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
		assert_eq!(Departures::<Test>::get(device).registrations, 1);
		// The first proof cannot be replayed, neither by its owner nor by anyone else.
		for owner in [1, 2] {
			assert_noop!(
				Registry::register_device(
					RuntimeOrigin::signed(owner),
					device,
					DeviceKind::WifiHotspot,
					old_proof.clone(),
					None
				),
				Error::<Test>::BadProof
			);
		}
		// A fresh signature by the device, for the new owner, works.
		register(2, &signer, DeviceKind::WifiHotspot);
		assert_eq!(Devices::<Test>::get(device).unwrap().owner, 2);
		assert_eq!(Devices::<Test>::get(device).unwrap().registrations, 2);
		assert!(!Departures::<Test>::contains_key(device));
		assert_eq!(Registry::registration_nonce(&device), 2);
		check_invariants();
	});
}

#[test]
fn an_owner_holds_at_most_max_devices() {
	new_test_ext().execute_with(|| {
		for n in 1..=MAX_DEVICES as u8 {
			register(1, &ed25519_device(n), DeviceKind::Sensor);
		}
		let extra = ed25519_device(100);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(1),
				extra.public(),
				DeviceKind::Sensor,
				proof(&extra, 1),
				None
			),
			Error::<Test>::TooManyDevices
		);
	});
}

#[test]
fn the_owner_must_afford_the_bond() {
	new_test_ext().execute_with(|| {
		let signer = ed25519_device(1);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(POOR),
				signer.public(),
				DeviceKind::Sensor,
				proof(&signer, POOR),
				None
			),
			Error::<Test>::InsufficientBalanceForBond
		);
	});
}

#[test]
fn needs_a_signed_origin() {
	new_test_ext().execute_with(|| {
		let signer = ed25519_device(1);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::none(),
				signer.public(),
				DeviceKind::Sensor,
				proof(&signer, 1),
				None
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_p256_registration_weighs_more_than_an_ed25519_one() {
	let ed = Pallet::<Test>::register_device_weight(&ed25519_device(1).public(), None);
	let p256 = Pallet::<Test>::register_device_weight(&p256_device(1).public(), None);
	assert!(p256.ref_time() > ed.ref_time());
	// A certificate adds the certifier's weight.
	let device = ed25519_device(1).public();
	new_test_ext().execute_with(|| {
		let certified = Pallet::<Test>::register_device_weight(
			&device,
			Some(&certificate(device, DeviceKind::Sensor)),
		);
		assert!(certified.ref_time() > ed.ref_time());
	});
}

#[test]
fn a_closed_kind_registers_only_with_its_makers_certificate() {
	new_test_ext().execute_with(|| {
		close_all_kinds();
		let signer = ed25519_device(1);
		let device = signer.public();
		let kind = DeviceKind::Energy;
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(1),
				device,
				kind,
				proof(&signer, 1),
				None
			),
			Error::<Test>::CertificateRequired
		);
		// The certifier's own errors come through, and change nothing.
		let other = certificate(ed25519_device(2).public(), kind);
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(1),
				device,
				kind,
				proof(&signer, 1),
				Some(Box::new(other))
			),
			pallet_makers::Error::<Test>::CertificateForAnotherDevice
		);
		// The owner pays the fee, then cannot afford the bond: the fee is given back.
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::signed(POOR),
				device,
				kind,
				proof(&signer, POOR),
				Some(Box::new(certificate(device, kind)))
			),
			Error::<Test>::InsufficientBalanceForBond
		);

		assert_ok!(Registry::register_device(
			RuntimeOrigin::signed(1),
			device,
			kind,
			proof(&signer, 1),
			Some(Box::new(certificate(device, kind)))
		));
		let info = Devices::<Test>::get(device).unwrap();
		assert_eq!(
			info.certification,
			Some(depin_primitives::maker::Certification {
				maker: 0,
				key: 0,
				batch: 1,
				serial: 1,
				capability: depin_primitives::maker::Capability::RatedPowerW(5_000),
			})
		);
		assert_eq!(free(1), RICH - BOND - ONBOARDING_FEE);
		assert_eq!(pallet_makers::Makers::<Test>::get(0).unwrap().certified, 1);

		// Registered again, by another owner, the key pays no second fee.
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
		assert_ok!(Registry::register_device(
			RuntimeOrigin::signed(2),
			device,
			kind,
			proof(&signer, 2),
			Some(Box::new(certificate(device, kind)))
		));
		assert_eq!(free(2), RICH - BOND);
		assert_eq!(pallet_makers::Makers::<Test>::get(0).unwrap().certified, 1);
	});
}

#[test]
fn revoking_the_maker_key_or_batch_shows_in_the_registry_and_reinstating_undoes_it() {
	new_test_ext().execute_with(|| {
		use depin_primitives::maker::Revocation;
		close_all_kinds();
		let signer = ed25519_device(1);
		let device = signer.public();
		let kind = DeviceKind::LoraHotspot;
		assert_ok!(Registry::register_device(
			RuntimeOrigin::signed(1),
			device,
			kind,
			proof(&signer, 1),
			Some(Box::new(certificate(device, kind)))
		));
		let revocation = || Registry::device(&device).unwrap().revocation;
		assert_eq!(revocation(), None);
		let maker_status = |status| {
			assert_ok!(MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, status));
		};
		maker_status(pallet_makers::MakerStatus::Revoked);
		assert_eq!(revocation(), Some(Revocation::MakerRevoked));
		maker_status(pallet_makers::MakerStatus::Active);
		assert_eq!(revocation(), None);
		assert_ok!(MakerRegistry::revoke_maker_key(
			RuntimeOrigin::signed(MAKER),
			0,
			maker_key().public()
		));
		assert_eq!(revocation(), Some(Revocation::MakerKeyRevoked));
		assert_ok!(MakerRegistry::reinstate_maker_key(
			RuntimeOrigin::root(),
			0,
			maker_key().public()
		));
		assert_ok!(MakerRegistry::recall_batch(RuntimeOrigin::signed(MAKER), 0, 1));
		assert_eq!(revocation(), Some(Revocation::BatchRecalled));
		assert_ok!(MakerRegistry::restore_batch(RuntimeOrigin::signed(MAKER), 0, 1));
		assert_eq!(revocation(), None);

		// A device registered while its kind was open loses its standing when the kind closes.
		let open = ed25519_device(2);
		pallet_makers::OpenKinds::<Test>::put(depin_primitives::maker::KindSet::of(&[kind]));
		assert_ok!(Registry::register_device(
			RuntimeOrigin::signed(1),
			open.public(),
			kind,
			proof(&open, 1),
			None
		));
		assert_eq!(Registry::device(&open.public()).unwrap().revocation, None);
		close_all_kinds();
		assert_eq!(
			Registry::device(&open.public()).unwrap().revocation,
			Some(Revocation::Uncertified)
		);
	});
}
