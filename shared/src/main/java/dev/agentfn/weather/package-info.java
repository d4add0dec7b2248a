/** Current weather by place name: the {@link dev.agentfn.weather.WeatherSource} port and its Open-Meteo implementation. */
package dev.agentfn.weather;
