#pragma once
// The small networks the route and flow fuzz targets drive on (the same as the seed corpora); the SUMO one is
// also the network of the importer tests (tests/io/test_sumo_import.cpp).
#include <string>

namespace ampel::fuzz {

inline const std::string kSmallNet = R"NET(<?xml version="1.0" encoding="UTF-8"?>
<net version="1.9">
    <edge id=":C_0" function="internal">
        <lane id=":C_0_0" index="0" speed="13.89" length="10.00" shape="95.00,-3.00 105.00,-2.00"/>
    </edge>
    <edge id=":C_1" function="internal">
        <lane id=":C_1_0" index="0" speed="8.00" length="5.00" shape="95.00,0.00 99.00,-1.00"/>
    </edge>
    <edge id=":C_2" function="internal">
        <lane id=":C_2_0" index="0" speed="6.50" length="4.00" shape="99.00,-1.00 98.00,-5.00"/>
    </edge>
    <edge id="WC" from="W" to="C" priority="1">
        <lane id="WC_0" index="0" allow="pedestrian" speed="2.00" length="95.00" width="2.00" shape="0.00,-5.00 95.00,-5.00"/>
        <lane id="WC_1" index="1" disallow="pedestrian" speed="13.89" length="95.00" shape="0.00,-3.00 95.00,-3.00"/>
        <lane id="WC_2" index="2" speed="12.00" length="95.00" shape="0.00,0.00 95.00,0.00"/>
    </edge>
    <edge id="CE" from="C" to="E" priority="1">
        <lane id="CE_0" index="0" speed="13.89" length="95.00" shape="105.00,-2.00 200.00,-2.00"/>
    </edge>
    <edge id="CS" from="C" to="S" priority="1">
        <lane id="CS_0" index="0" speed="13.89" length="95.00" shape="98.00,-5.00 98.00,-100.00"/>
    </edge>
    <edge id="walk" from="S" to="W" priority="1">
        <lane id="walk_0" index="0" allow="pedestrian" speed="2.00" length="140.00" shape="98.00,-100.00 0.00,-6.00"/>
    </edge>
    <tlLogic id="C" type="static" programID="0" offset="7">
        <phase duration="31" state="Gg"/>
        <phase duration="4"  state="yy"/>
        <phase duration="20" state="rG"/>
        <phase duration="3"  state="ry"/>
    </tlLogic>
    <junction id="W" type="dead_end" x="0.00" y="0.00" incLanes="walk_0" intLanes="" shape="0,1 0,-6"/>
    <junction id="C" type="traffic_light" x="100.00" y="0.00" incLanes="WC_0 WC_1 WC_2" intLanes=":C_0_0 :C_2_0" shape="95,1 105,1 105,-6 95,-6">
        <request index="0" response="00" foes="10" cont="0"/>
        <request index="1" response="01" foes="01" cont="0"/>
    </junction>
    <junction id="E" type="dead_end" x="200.00" y="0.00" incLanes="CE_0" intLanes="" shape="200,0 200,-4"/>
    <junction id="S" type="dead_end" x="100.00" y="-100.00" incLanes="CS_0" intLanes="" shape="96,-100 100,-100"/>
    <junction id=":C_1_0" type="internal" x="99.00" y="-1.00" incLanes=":C_1_0" intLanes=":C_0_0"/>
    <connection from="WC" to="CE" fromLane="1" toLane="0" via=":C_0_0" tl="C" linkIndex="0" dir="s" state="O"/>
    <connection from="WC" to="CS" fromLane="2" toLane="0" via=":C_1_0" tl="C" linkIndex="1" dir="r" state="o"/>
    <connection from=":C_0" to="CE" fromLane="0" toLane="0" dir="s" state="M"/>
    <connection from=":C_1" to="CS" fromLane="0" toLane="0" via=":C_2_0" dir="r" state="m"/>
    <connection from=":C_2" to="CS" fromLane="0" toLane="0" dir="r" state="M"/>
</net>
)NET";

inline const std::string kSmallRoadnet = R"NET({"intersections": [
 {"id": "I", "point": {"x": 0, "y": 0}, "width": 10, "virtual": false,
  "roadLinks": [
   {"type": "go_straight", "startRoad": "WI", "endRoad": "IE", "laneLinks": [
     {"startLaneIndex": 0, "endLaneIndex": 0, "points": [{"x": -10, "y": -1.5}, {"x": 10, "y": -1.5}]}]},
   {"type": "turn_left", "startRoad": "EI", "endRoad": "IS", "laneLinks": [
     {"startLaneIndex": 0, "endLaneIndex": 0, "points": [{"x": 10, "y": 1.5}, {"x": 0, "y": 0}, {"x": -1.5, "y": -10}]}]}],
  "trafficLight": {"roadLinkIndices": [0, 1], "lightphases": [
   {"time": 30, "availableRoadLinks": [0, 1]}, {"time": 5, "availableRoadLinks": []}, {"time": 20, "availableRoadLinks": [1]}]}},
 {"id": "W", "point": {"x": -200, "y": 0}, "width": 0, "virtual": true, "roadLinks": []},
 {"id": "E", "point": {"x": 200, "y": 0}, "width": 0, "virtual": true, "roadLinks": []},
 {"id": "S", "point": {"x": 0, "y": -200}, "width": 0, "virtual": true, "roadLinks": []}],
 "roads": [
 {"id": "WI", "startIntersection": "W", "endIntersection": "I", "points": [{"x": -200, "y": 0}, {"x": 0, "y": 0}], "lanes": [{"width": 3, "maxSpeed": 11.11}]},
 {"id": "IE", "startIntersection": "I", "endIntersection": "E", "points": [{"x": 0, "y": 0}, {"x": 200, "y": 0}], "lanes": [{"width": 3, "maxSpeed": 11.11}]},
 {"id": "EI", "startIntersection": "E", "endIntersection": "I", "points": [{"x": 200, "y": 0}, {"x": 0, "y": 0}], "lanes": [{"width": 3, "maxSpeed": 11.11}]},
 {"id": "IS", "startIntersection": "I", "endIntersection": "S", "points": [{"x": 0, "y": 0}, {"x": 0, "y": -200}], "lanes": [{"width": 3, "maxSpeed": 11.11}]}]}
)NET";

}  // namespace ampel::fuzz
