package org.openenos.simulator.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void thePowerCurveIsZeroOutsideCutInAndCutOutAndRatedInBetweenRatedSpeedAndCutOut() {
        assertThat(WindTurbineSignals.power(2500, 2.9)).isZero();
        assertThat(WindTurbineSignals.power(2500, 8)).isBetween(500.0, 1500.0);
        assertThat(WindTurbineSignals.power(2500, 12)).isEqualTo(2500);
        assertThat(WindTurbineSignals.power(2500, 24.9)).isEqualTo(2500);
        assertThat(WindTurbineSignals.power(2500, 25)).isZero();
        assertThat(WindTurbineSignals.power(2500, 10)).isGreaterThan(WindTurbineSignals.power(2500, 9));
    }

    @Test
    void turbinePowerFollowsTheWindAndTheEnergyCounterNeverGoesDown() {
        var turbine = new WindTurbineSignals(2500, 9, 0, new SplittableRandom(1));
        double lastEnergy = 0;
        for (int i = 0; i < 500; i++) {
            var values = turbine.next(i * 2000L, 2);
            double wind = (double) values.get("windSpeed");
            double power = (double) values.get("power");
            assertThat(power).isBetween(0.0, 2500.0);
            if (wind < 2.9) {
                assertThat(power).isZero();
            }
            assertThat((double) values.get("energy")).isGreaterThanOrEqualTo(lastEnergy);
            lastEnergy = (double) values.get("energy");
        }
    }

    @Test
    void irradianceIsZeroAtNightAndHighestAtNoon() {
        assertThat(SolarInverterSignals.clearSky(3)).isZero();
        assertThat(SolarInverterSignals.clearSky(12)).isEqualTo(1000.0);
        assertThat(SolarInverterSignals.clearSky(9)).isLessThan(SolarInverterSignals.clearSky(11));
    }

    @Test
    void anAcceleratedDayMovesTheSunAsFastAsTheTimeScaleSays() {
        var inverter = new SolarInverterSignals(500, 60, ZoneOffset.UTC, 0, 0, new SplittableRandom(2));
        assertThat(inverter.simulatedHour(0)).isZero();
        assertThat(inverter.simulatedHour(6 * 60_000)).isEqualTo(6.0); // six real minutes are six simulated hours
    }

    @Test
    void theBatteryStateOfChargeStaysWithinItsLimits() {
        var clock = new SolarInverterSignals(0, 600, ZoneOffset.UTC, 0, 0, new SplittableRandom(3));
        var battery = new BatterySignals(1000, 500, clock, 0, new SplittableRandom(4));
        for (int i = 0; i < 5000; i++) {
            double soc = (double) battery.next(i * 10_000L, 10).get("soc");
            assertThat(soc).isBetween(9.0, 96.0);
        }
    }

    @Test
    void aFaultStopsProductionAndIsReportedOnceWhenItStarts() {
        var turbine = new WindTurbineSignals(2500, 12, 1.0, new SplittableRandom(5));
        var values = turbine.next(0, 2);
        assertThat(values.get("status")).isEqualTo(DeviceSignals.STATUS_FAULT);
        assertThat(values.get("power")).isEqualTo(0.0);
        assertThat(turbine.newFault()).isPresent();
        turbine.next(2000, 2);
        assertThat(turbine.newFault()).isEmpty();
    }
}
