//! What `AdminOrigin` does besides sanctions (`sanctions.rs`): the edge deny list and the
//! parameters.

use super::*;

#[test]
fn sanctions_move_the_device_in_and_out_of_the_cell_counts() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::FiveGHotspot);
		locate(1, device, paris());
		let kind = DeviceKind::FiveGHotspot;
		for (status, counted) in [
			(DeviceStatus::Suspended, 0),
			(DeviceStatus::Active, 1),
			(DeviceStatus::Denied, 0),
			(DeviceStatus::Suspended, 0),
			(DeviceStatus::Active, 1),
		] {
			assert_ok!(set_status(device, status));
			assert_eq!(Devices::<Test>::get(device).unwrap().status(), status);
			assert_eq!(counts_around(kind, paris()), vec![counted; 7]);
			assert_eq!(DeviceTally::<Test>::get(kind, status), 1);
			check_invariants();
		}
		// A suspended device is still managed by its owner.
		assert_ok!(set_status(device, DeviceStatus::Suspended));
		locate(1, device, eiffel());
		assert_eq!(counts_around(kind, eiffel()), vec![0; 7]);
		check_invariants();
	});
}

#[test]
fn edges_are_denied_and_allowed() {
	new_test_ext().execute_with(|| {
		let (a, b) = (ed25519_device(1).public(), p256_device(2).public());
		assert_noop!(Registry::deny_edge(RuntimeOrigin::signed(1), a, b), DispatchError::BadOrigin);
		assert_noop!(Registry::deny_edge(RuntimeOrigin::root(), a, a), Error::<Test>::SelfEdge);
		assert_noop!(
			Registry::allow_edge(RuntimeOrigin::root(), a, b),
			Error::<Test>::EdgeNotDenied
		);
		assert_ok!(Registry::deny_edge(RuntimeOrigin::root(), a, b));
		assert_eq!(last_event(), Event::EdgeDenied { beaconer: a, witness: b });
		assert_eq!(Registry::denied_witnesses(&a), vec![b]);
		// Edges are directed.
		assert!(Registry::denied_witnesses(&b).is_empty());
		assert_noop!(
			Registry::deny_edge(RuntimeOrigin::root(), a, b),
			Error::<Test>::EdgeAlreadyDenied
		);
		assert_noop!(
			Registry::allow_edge(RuntimeOrigin::signed(1), a, b),
			DispatchError::BadOrigin
		);
		assert_ok!(Registry::allow_edge(RuntimeOrigin::root(), a, b));
		assert_eq!(last_event(), Event::EdgeAllowed { beaconer: a, witness: b });
		assert!(!DeniedWitnesses::<Test>::contains_key(a));
	});
}

#[test]
fn a_deny_list_stays_sorted_and_bounded() {
	new_test_ext().execute_with(|| {
		let beaconer = ed25519_device(1).public();
		let mut witnesses: Vec<DeviceKey> =
			(2..=4).map(|seed| ed25519_device(seed).public()).collect();
		for witness in &witnesses[..MAX_DENIED_WITNESSES as usize] {
			assert_ok!(Registry::deny_edge(RuntimeOrigin::root(), beaconer, *witness));
		}
		assert_noop!(
			Registry::deny_edge(RuntimeOrigin::root(), beaconer, witnesses[2]),
			Error::<Test>::TooManyDeniedWitnesses
		);
		let mut denied = witnesses[..2].to_vec();
		denied.sort();
		assert_eq!(Registry::denied_witnesses(&beaconer), denied);

		// Allowing one edge keeps the other; the freed place takes a new one, in order.
		assert_ok!(Registry::allow_edge(RuntimeOrigin::root(), beaconer, witnesses[0]));
		assert_ok!(Registry::deny_edge(RuntimeOrigin::root(), beaconer, witnesses[2]));
		witnesses.remove(0);
		witnesses.sort();
		assert_eq!(Registry::denied_witnesses(&beaconer), witnesses);
		assert_noop!(
			Registry::allow_edge(RuntimeOrigin::root(), beaconer, ed25519_device(1).public()),
			Error::<Test>::EdgeNotDenied
		);
	});
}

#[test]
fn params_change_and_a_new_bond_applies_to_new_registrations_only() {
	new_test_ext().execute_with(|| {
		assert_eq!(
			Params::<Test>::get(),
			DeviceParams {
				device_bond: BOND,
				location_fee: FEE,
				max_location_changes_per_epoch: MAX_CHANGES,
				denial_slash: DENIAL_SLASH,
				challenge_reward: CHALLENGE_REWARD,
				challenge_bond: CHALLENGE_BOND,
				appeal_deposit: APPEAL_DEPOSIT,
			}
		);
		let old = register(1, &ed25519_device(1), DeviceKind::Sensor);
		let params = DeviceParams {
			device_bond: 250,
			location_fee: 1,
			max_location_changes_per_epoch: 5,
			..Params::<Test>::get()
		};
		assert_noop!(
			Registry::set_params(RuntimeOrigin::signed(1), params),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Registry::set_params(
				RuntimeOrigin::root(),
				DeviceParams { max_location_changes_per_epoch: 0, ..params }
			),
			Error::<Test>::ZeroLocationChanges
		);
		assert_ok!(Registry::set_params(RuntimeOrigin::root(), params));
		assert_eq!(last_event(), Event::ParamsChanged { params });
		let new = register(1, &ed25519_device(2), DeviceKind::Sensor);
		assert_eq!(held(1), BOND + 250);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), old));
		assert_eq!(held(1), 250);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), new));
		assert_eq!((held(1), free(1)), (0, RICH));
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(Registry::integrity_test);
}
